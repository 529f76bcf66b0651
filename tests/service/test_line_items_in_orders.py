"""Order line items through the order use cases, over the in-memory unit of work (issue
10): typed commands only, no HTTP and no database.

Amounts by hand: 5 x 19.99 at 10 % off = 89.955 -> 89.96; returning 2 credits
round(89.96 x 2/5) = 35.98. The catalog's Setup charge is a one-time USD 500 flat fee.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest

from tests.service.fakes import FakeUnitOfWork, FakeUnitOfWorkFactory
from tests.service.test_order_commands import CTX, ORDER_DATE, TENANT, order, subscribe
from tests.unit.orders.builders import BASIC, BASIC_CHARGES, PRODUCT
from zorders.domain.accounts import Account, AccountDraft, ContactInfo
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import (
    InlineDiscountType,
    ItemCategory,
    ItemState,
    LineItem,
)
from zorders.domain.orders.model import OrderStatus
from zorders.services.accounts import create_account
from zorders.services.line_items.commands import LineItemCommand, ReturnOf
from zorders.services.orders import lifecycle
from zorders.services.orders.commands import CreateOrder, PreviewOrder, SubscriptionCommand
from zorders.services.orders.create import create_order, preview_order

D = Decimal


@pytest.fixture
def uows() -> FakeUnitOfWorkFactory:
    factory = FakeUnitOfWorkFactory()
    factory.state.catalog.load(TENANT, PRODUCT, BASIC, BASIC_CHARGES)
    return factory


@pytest.fixture
def account(uows: FakeUnitOfWorkFactory) -> Account:
    with uows() as uow:
        created = create_account(
            uow, CTX, AccountDraft("Acme", "USD", ContactInfo("Ada", "Lovelace"), bill_cycle_day=1)
        )
        uow.commit()
    return created


@pytest.fixture
def uow(uows: FakeUnitOfWorkFactory) -> Iterator[FakeUnitOfWork]:
    with uows() as opened:
        yield opened


def widget(**fields: object) -> LineItemCommand:
    values: dict[str, object] = {
        "item_name": "Widget",
        "quantity": D(5),
        "list_price_per_unit": D("19.99"),
        "discount_type": InlineDiscountType.PERCENTAGE,
        "discount_per_unit": D(10),
        **fields,
    }
    return LineItemCommand(**values)  # type: ignore[arg-type]


def items_only(account: Account, *items: LineItemCommand, **fields: object) -> CreateOrder:
    return CreateOrder(
        order_date=ORDER_DATE,
        existing_account=account.account_number,
        line_items=items,
        **fields,  # type: ignore[arg-type]
    )


def a_return(sale_order: str, quantity: str, item: str = "1") -> LineItemCommand:
    return LineItemCommand(
        item_category=ItemCategory.RETURN,
        quantity=D(quantity),
        returns=ReturnOf(sale_order, item),
    )


def stored(uow: FakeUnitOfWork, number: str) -> list[LineItem]:
    found = uow.orders.get(TENANT, number)
    assert found is not None
    return uow.line_items.of_order(TENANT, found.id)


def refused(uows: FakeUnitOfWorkFactory, command: CreateOrder, code: ErrorCode) -> None:
    """Refused with `code`, and the unit of work, rolled back, keeps nothing."""
    before = (dict(uows.state.orders.rows), dict(uows.state.line_items.rows))
    with uows() as opened, pytest.raises(DomainError) as raised:
        create_order(opened, CTX, command)
    assert raised.value.code is code
    assert (uows.state.orders.rows, uows.state.line_items.rows) == before


def test_an_order_of_line_items_only(uow: FakeUnitOfWork, account: Account) -> None:
    outcome = create_order(uow, CTX, items_only(account, widget(), widget(quantity=D(1))))
    assert outcome.order.status is OrderStatus.COMPLETED
    assert outcome.versions == ()
    first, second = outcome.line_items
    assert stored(uow, outcome.order.number) == [first, second]
    assert (first.item_number, second.item_number) == ("1", "2")
    assert (first.amounts.amount, first.amounts.list_price, first.amounts.discount) == (
        D("89.96"),
        D("99.95"),
        D("9.99"),
    )
    assert second.amounts.amount == D("17.99")  # 17.991 -> 17.99
    assert first.state is ItemState.EXECUTING
    assert first.transaction_start_date == first.transaction_end_date == ORDER_DATE
    assert first.owner_account_id == first.invoice_owner_account_id == account.id
    assert first.currency == "USD"
    assert first.quantity_available_for_return == D(5)


def test_the_catalog_charge_is_copied_and_a_recurring_one_refused(
    uows: FakeUnitOfWorkFactory, account: Account
) -> None:
    with uows() as opened:
        outcome = create_order(
            opened,
            CTX,
            items_only(account, LineItemCommand(product_rate_plan_charge_id="prpc-setup",
                                                quantity=D(2))),
        )  # fmt: skip
        (item,) = outcome.line_items
        assert (item.item_name, item.price.list_price_per_unit, item.amounts.amount) == (
            "Setup",
            D(500),
            D("1000.00"),
        )
    recurring = LineItemCommand(product_rate_plan_charge_id="prpc-platform", quantity=D(1))
    refused(uows, items_only(account, recurring), ErrorCode.LINE_ITEM_CHARGE_NOT_ONE_TIME)


def test_a_unique_token_links_the_new_subscription(uow: FakeUnitOfWork, account: Account) -> None:
    command = order(
        account,
        SubscriptionCommand((subscribe(unique_token="t-1"),)),
        line_items=(widget(unique_token="t-1"),),
    )
    outcome = create_order(uow, CTX, command)
    (version,) = outcome.versions
    (item,) = outcome.line_items
    assert item.related_subscription_number == version.number


def test_a_draft_cannot_hold_line_items(uows: FakeUnitOfWorkFactory, account: Account) -> None:
    refused(
        uows,
        items_only(account, widget(), status=OrderStatus.DRAFT),
        ErrorCode.LINE_ITEMS_NOT_ALLOWED,
    )


def test_101_items_are_refused(uows: FakeUnitOfWorkFactory, account: Account) -> None:
    refused(uows, items_only(account, *[widget()] * 101), ErrorCode.LINE_ITEM_LIMIT_EXCEEDED)


def test_a_preview_keeps_nothing(uows: FakeUnitOfWorkFactory, account: Account) -> None:
    with uows() as opened:
        outcome = preview_order(opened, CTX, PreviewOrder(items_only(account, widget())))
        assert len(outcome.line_items) == 1
    assert uows.state.line_items.rows == {}
    assert uows.state.orders.rows == {}


def test_return_flow(uows: FakeUnitOfWorkFactory, account: Account) -> None:
    with uows() as opened:
        sale = create_order(opened, CTX, items_only(account, widget())).order.number
        opened.commit()
    later = replace(CTX, now=CTX.now.replace(day=20))
    with uows() as opened:
        command = replace(
            items_only(account, a_return(sale, "2")), order_date=ORDER_DATE.replace(day=20)
        )
        returned = create_order(opened, later, command)
        opened.commit()
    (item,) = returned.line_items
    assert (item.item_category, item.amounts.amount, item.original_item_number) == (
        ItemCategory.RETURN,
        D("35.98"),
        "1",
    )
    with uows() as opened:
        (sold,) = stored(opened, sale)
        assert sold.quantity_available_for_return == D(3)
        assert sold.amended_by_order_on == ORDER_DATE.replace(day=20)
        assert item.original_line_item_id == sold.id
    refused(uows, items_only(account, a_return(sale, "4")), ErrorCode.RETURN_QUANTITY_EXCEEDED)
    refused(
        uows, items_only(account, a_return("O-404", "1")), ErrorCode.ORIGINAL_LINE_ITEM_NOT_FOUND
    )
    # Deleting the return gives its 2 back.
    with uows() as opened:
        lifecycle.delete_order(opened, CTX, returned.order.number)
        opened.commit()
    with uows() as opened:
        (sold,) = stored(opened, sale)
        assert sold.quantity_available_for_return == D(5)
