"""Order line items and fulfillments: stored losslessly, found by id, by order and item
number, by order, as billable, and as returns of a sale; on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tests.storage.test_order_store import make_order
from tests.storage.test_subscription_store import make_tenant
from tests.support.line_items import T0, line_item
from zorders.bootstrap import Container
from zorders.domain.line_items.model import (
    Fulfillment,
    FulfillmentState,
    FulfillmentType,
    InlineDiscountType,
    ItemCategory,
    ItemState,
)
from zorders.services.ids import new_id

A = "a" * 32


def _order_with_items(container: Container, tenant: str, number: str, *items_args: dict) -> list:
    order = make_order(number, account_id=A)
    items = [
        line_item(order_id=order.id, order_number=number, item_number=str(n + 1), **args)
        for n, args in enumerate(items_args)
    ]
    with container.uow_factory() as uow:
        uow.orders.add(tenant, order)
        uow.line_items.add_many(tenant, items)
        uow.commit()
    return items


def test_round_trip_and_lookups(container: Container) -> None:
    tenant = make_tenant(container)
    sale, fee = _order_with_items(
        container,
        tenant,
        "O-LI-1",
        {"discount": (InlineDiscountType.PERCENTAGE, "10"), "extra": {"accountingCode": "AC"}},
        {"state": ItemState.SENT_TO_BILLING, "bill_target_date": date(2025, 7, 5)},
    )
    with container.uow_factory(read_only=True) as uow:
        assert uow.line_items.get(tenant, sale.id) == sale
        assert uow.line_items.find(tenant, "O-LI-1", "2") == fee
        assert uow.line_items.of_order(tenant, sale.order_id) == [sale, fee]
        assert uow.line_items.of_orders(tenant, [sale.order_id]) == {sale.order_id: [sale, fee]}
        assert uow.line_items.get(new_id(), sale.id) is None  # another tenant's
    loaded = sale.amounts
    assert (loaded.amount_per_unit, loaded.list_price, loaded.amount, loaded.discount) == (
        Decimal("17.991"),
        Decimal("99.95"),
        Decimal("89.96"),
        Decimal("9.99"),
    )


def test_billable_takes_sent_to_billing_items_due_by_the_target(container: Container) -> None:
    tenant = make_tenant(container)
    early, late, booked, _ = _order_with_items(
        container,
        tenant,
        "O-LI-2",
        {"state": ItemState.SENT_TO_BILLING, "bill_target_date": date(2025, 7, 5)},
        {"state": ItemState.SENT_TO_BILLING, "bill_target_date": date(2025, 8, 5)},
        {"state": ItemState.BOOKED, "bill_target_date": date(2025, 7, 5)},
        {"state": ItemState.SENT_TO_BILLING},  # no bill target date: never billed
    )
    with container.uow_factory() as uow:
        assert uow.line_items.billable(tenant, A, date(2025, 7, 4)) == []
        assert uow.line_items.billable(tenant, A, date(2025, 7, 5)) == [early]
        assert {i.id for i in uow.line_items.billable(tenant, A, date(2025, 9, 1))} == {
            early.id,
            late.id,
        }
        assert uow.line_items.billable(tenant, A, date(2025, 9, 1), item_ids=[late.id]) == [late]
        assert uow.line_items.billable(tenant, A, date(2025, 9, 1), item_ids=[booked.id]) == []
        done = replace(early, state=ItemState.COMPLETE)
        uow.line_items.update(tenant, done)
        assert uow.line_items.billable(tenant, A, date(2025, 9, 1)) == [late]
        uow.commit()


def test_returns_and_fulfillments(container: Container) -> None:
    tenant = make_tenant(container)
    (sale,) = _order_with_items(container, tenant, "O-LI-3", {})
    (ret,) = _order_with_items(
        container,
        tenant,
        "O-LI-4",
        {"category": ItemCategory.RETURN, "quantity": "2", "original_line_item_id": sale.id},
    )
    fulfillment = Fulfillment(
        id=new_id(),
        number="F-00000001",
        line_item_id=sale.id,
        fulfillment_type=FulfillmentType.DELIVERY,
        state=FulfillmentState.EXECUTING,
        quantity=Decimal("3"),
        fulfillment_date=date(2025, 7, 2),
        created_at=T0,
    )
    with container.uow_factory() as uow:
        assert uow.line_items.returns_of(tenant, sale.id) == [ret]
        uow.line_items.add_fulfillment(tenant, fulfillment)
        uow.commit()
    with container.uow_factory() as uow:
        assert uow.line_items.get_fulfillment(tenant, "F-00000001") == fulfillment
        assert uow.line_items.get_fulfillment(tenant, fulfillment.id) == fulfillment
        booked = replace(fulfillment, state=FulfillmentState.BOOKED)
        uow.line_items.update_fulfillment(tenant, booked)
        assert uow.line_items.fulfillments_of(tenant, sale.id) == [booked]
        uow.line_items.delete_fulfillment(tenant, fulfillment.id)
        assert uow.line_items.fulfillments_of(tenant, sale.id) == []
        uow.commit()
