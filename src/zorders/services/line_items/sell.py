"""The line items of an order (spec §8, §16.4): checked with the order command, built
and stored after its actions execute and before its processing options bill them.

A sale may name a one-time catalog charge (its name, price in the account's currency,
UOM and tax code are copied where the item gives none); a return names the sale it takes
back, which it locks, and takes back at most what is left to return (decision O3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.accounts import Account
from zorders.domain.catalog.enums import ChargeModel, ChargeType
from zorders.domain.catalog.model import ProductRatePlanCharge
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.amounts import PriceError, derive, returned_amount
from zorders.domain.line_items.model import (
    Amounts,
    BillingRule,
    InlineDiscountType,
    ItemCategory,
    ItemState,
    ItemType,
    LineItem,
    Price,
)
from zorders.domain.line_items.states import CREATABLE
from zorders.domain.orders.model import Order
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.line_items.checks import path
from zorders.services.line_items.commands import LineItemCommand
from zorders.services.ports import UnitOfWork

# Charge models whose catalog price is one price per unit (the others need the item's).
_PRICED_PER_UNIT = frozenset({ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT})


@dataclass
class _Build:
    uow: UnitOfWork
    ctx: CommandContext
    order: Order
    account: Account
    # uniqueToken -> the number of the subscription the order made for it.
    tokens: dict[str, str]
    accounts: dict[str, Account] = field(default_factory=dict)
    # Sales this order's returns changed, by id (a sale returned twice in one order).
    sales: dict[str, LineItem] = field(default_factory=dict)

    def owner(self, key: str | None, where: str) -> Account:
        if not key:
            return self.account
        for known in (self.account, *self.accounts.values()):
            if key in (known.id, known.account_number):
                return known
        try:
            found = find_account(self.uow, self.ctx.tenant_id, key)
        except DomainError:
            raise DomainError(
                ErrorCode.LINE_ITEM_ACCOUNT_NOT_FOUND,
                f"Account '{key}' does not exist.",
                where,
            ) from None
        self.accounts[found.id] = found
        return found


def sell(
    uow: UnitOfWork,
    ctx: CommandContext,
    order: Order,
    account: Account,
    items: Sequence[LineItemCommand],
    tokens: dict[str, str],
) -> tuple[LineItem, ...]:
    """Build, check and store the order's line items (the order is stored already); the
    sales its returns take back are updated. Returns the items in request order."""
    if not items:
        return ()
    build = _Build(uow, ctx, order, account, tokens)
    numbers = [i.item_number or str(n + 1) for n, i in enumerate(items)]
    made = tuple(
        _return(build, item, n, number)
        if item.item_category is ItemCategory.RETURN
        else _sale(build, item, n, number)
        for n, (item, number) in enumerate(zip(items, numbers, strict=True))
    )
    uow.line_items.add_many(ctx.tenant_id, made)
    for sale in build.sales.values():
        uow.line_items.update(ctx.tenant_id, sale)
    return made


def _state(item: LineItemCommand, n: int) -> tuple[ItemState, BillingRule]:
    rule = item.billing_rule or BillingRule.TRIGGER_WITHOUT_FULFILLMENT
    state = item.item_state or ItemState.EXECUTING
    if state not in CREATABLE[rule]:
        allowed = ", ".join(sorted(s.value for s in CREATABLE[rule]))
        raise DomainError(
            ErrorCode.LINE_ITEM_STATE_NOT_CREATABLE,
            f"An order line item billed {rule.value} cannot be created {state.value}: "
            f"create it {allowed}.",
            path(n, "item_state"),
        )
    return state, rule


def _dates(build: _Build, item: LineItemCommand, n: int) -> tuple[date, date]:
    start = item.transaction_start_date or build.order.order_date
    end = item.transaction_end_date or start
    if end < start:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_DATES,
            f"The transaction end date {end} is before the transaction start date {start}.",
            path(n, "transaction_end_date"),
        )
    return start, end


def _subscription(build: _Build, item: LineItemCommand, n: int) -> str | None:
    number = item.related_subscription_number
    token = item.unique_token
    if token:
        made = build.tokens.get(token)
        if made is None:
            raise DomainError(
                ErrorCode.LINE_ITEM_SUBSCRIPTION_NOT_FOUND,
                f"uniqueToken '{token}' names no subscription this order creates.",
                path(n, "unique_token"),
            )
        if number and number != made:
            raise DomainError(
                ErrorCode.LINE_ITEM_SUBSCRIPTION_NOT_FOUND,
                f"uniqueToken '{token}' names subscription {made}, not {number}.",
                path(n, "related_subscription_number"),
            )
        return made
    if number and not build.uow.subscriptions.number_in_use(build.ctx.tenant_id, number):
        raise DomainError(
            ErrorCode.LINE_ITEM_SUBSCRIPTION_NOT_FOUND,
            f"Subscription '{number}' does not exist.",
            path(n, "related_subscription_number"),
        )
    return number or None


def _contacts(item: LineItemCommand, n: int, invoice_owner: Account, owner: Account) -> None:
    """billTo and shipTo are contacts of the invoiced account; soldTo of the owner."""
    for name, value, account in (
        ("bill_to", item.bill_to, invoice_owner),
        ("ship_to", item.ship_to, invoice_owner),
        ("sold_to", item.sold_to, owner),
    ):
        if value and value not in {c.id for c in account.contacts}:
            raise DomainError(
                ErrorCode.LINE_ITEM_ACCOUNT_NOT_FOUND,
                f"Contact '{value}' is not a contact of account {account.account_number}.",
                path(n, name),
            )


def _currency(item: LineItemCommand, n: int, currency: str) -> str:
    if item.currency and item.currency != currency:
        raise DomainError(
            ErrorCode.LINE_ITEM_CURRENCY_MISMATCH,
            f"An order line item is in its account's currency ({currency}), not {item.currency}.",
            path(n, "currency"),
        )
    return currency


def _charge(build: _Build, item: LineItemCommand, n: int) -> ProductRatePlanCharge | None:
    key = item.product_rate_plan_charge_id
    if not key:
        return None
    charge = build.uow.catalog.get_charge(build.ctx.tenant_id, key)
    if charge is None:
        raise DomainError(
            ErrorCode.LINE_ITEM_CHARGE_NOT_FOUND,
            f"Product rate plan charge '{key}' does not exist.",
            path(n, "product_rate_plan_charge_id"),
        )
    if charge.charge_type is not ChargeType.ONE_TIME:
        raise DomainError(
            ErrorCode.LINE_ITEM_CHARGE_NOT_ONE_TIME,
            f"Product rate plan charge '{key}' is a {charge.charge_type.value} charge: an "
            "order line item takes one-time charges only.",
            path(n, "product_rate_plan_charge_id"),
        )
    return charge


def _catalog_price(charge: ProductRatePlanCharge, currency: str, n: int) -> Decimal:
    tiers = charge.tiers_in(currency)
    if charge.charge_model not in _PRICED_PER_UNIT or len(tiers) != 1:
        raise DomainError(
            ErrorCode.LINE_ITEM_FIELD_REQUIRED,
            f"'{path(n, 'list_price_per_unit')}' may not be null: charge '{charge.id}' "
            f"has no single {currency} price to copy ({charge.charge_model.value}).",
            path(n, "list_price_per_unit"),
        )
    return tiers[0].price


def _amounts(price: Price, currency: str, n: int) -> Amounts:
    try:
        return derive(price, currency)
    except PriceError as error:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE, str(error), path(n, error.field)
        ) from None


def _sale(build: _Build, item: LineItemCommand, n: int, number: str) -> LineItem:
    account = build.account
    currency = _currency(item, n, account.currency)
    charge = _charge(build, item, n)
    list_price = item.list_price_per_unit
    if list_price is None:
        if charge is None:
            raise DomainError(
                ErrorCode.LINE_ITEM_FIELD_REQUIRED,
                f"'{path(n, 'list_price_per_unit')}' may not be null without a "
                "productRatePlanChargeId",
                path(n, "list_price_per_unit"),
            )
        list_price = _catalog_price(charge, currency, n)
    assert item.quantity is not None  # check_line_items
    discount = item.discount_type or InlineDiscountType.NONE
    price = Price(
        quantity=item.quantity,
        list_price_per_unit=list_price,
        discount_type=discount,
        discount_per_unit=item.discount_per_unit,
        # OS3: the client's amount per unit stands where no inline discount applies;
        # with one it is derived.
        amount_per_unit=item.amount_per_unit if discount is InlineDiscountType.NONE else None,
    )
    state, rule = _state(item, n)
    start, end = _dates(build, item, n)
    owner = build.owner(item.owner_account, path(n, "owner_account_number"))
    _contacts(item, n, account, owner)
    return LineItem(
        id=new_id(),
        order_id=build.order.id,
        order_number=build.order.number,
        order_date=build.order.order_date,
        item_number=number,
        item_type=item.item_type or ItemType.PRODUCT,
        item_category=ItemCategory.SALES,
        state=state,
        item_name=item.item_name or (charge.name if charge else None),
        price=price,
        amounts=_amounts(price, currency, n),
        currency=currency,
        invoice_owner_account_id=account.id,
        owner_account_id=owner.id,
        billing_rule=rule,
        bill_target_date=item.bill_target_date,
        transaction_start_date=start,
        transaction_end_date=end,
        product_rate_plan_charge_id=charge.id if charge else None,
        product_code=item.product_code,
        uom=item.uom or (charge.uom if charge else None),
        tax_code=item.tax_code or (charge.tax_code if charge else None),
        tax_mode=item.tax_mode,
        related_subscription_number=_subscription(build, item, n),
        **_passed(item),
        quantity_available_for_return=item.quantity,
        created_at=build.ctx.now,
        updated_at=build.ctx.now,
    )


def _passed(item: LineItemCommand) -> dict[str, Any]:
    """Fields kept as given."""
    return {
        "bill_to": item.bill_to,
        "sold_to": item.sold_to,
        "ship_to": item.ship_to,
        "purchase_order_number": item.purchase_order_number,
        "description": item.description,
        "payment_term": item.payment_term,
        "invoice_template_id": item.invoice_template_id,
        "sequence_set_id": item.sequence_set_id,
        "invoice_group_number": item.invoice_group_number,
        "communication_profile_id": item.communication_profile_id,
        "custom_fields": dict(item.custom_fields),
        "extra": dict(item.extra),
    }


def _original(build: _Build, item: LineItemCommand, n: int) -> LineItem:
    ref = item.returns
    assert ref.order_number and ref.item_number  # check_line_items
    tenant = build.ctx.tenant_id
    if build.uow.orders.get(tenant, ref.order_number) is None:
        raise DomainError(
            ErrorCode.ORIGINAL_LINE_ITEM_NOT_FOUND,
            f"Order '{ref.order_number}' does not exist.",
            path(n, "original_order_number"),
        )
    sale = build.uow.line_items.find(tenant, ref.order_number, ref.item_number, for_update=True)
    if sale is None:
        raise DomainError(
            ErrorCode.ORIGINAL_LINE_ITEM_NOT_FOUND,
            f"Order {ref.order_number} has no order line item '{ref.item_number}'.",
            path(n, "original_order_line_item_number"),
        )
    return build.sales.get(sale.id, sale)


def _return(build: _Build, item: LineItemCommand, n: int, number: str) -> LineItem:
    sale = _original(build, item, n)
    where = path(n, "original_order_line_item_number")
    if sale.item_category is ItemCategory.RETURN:
        raise DomainError(
            ErrorCode.RETURN_NOT_ALLOWED,
            f"Order line item {sale.order_number}/{sale.item_number} is a return: only a "
            "sale can be returned.",
            where,
        )
    if sale.state is ItemState.CANCELED:
        raise DomainError(
            ErrorCode.RETURN_NOT_ALLOWED,
            f"Order line item {sale.order_number}/{sale.item_number} is Canceled: there is "
            "nothing to return.",
            where,
        )
    account = build.account
    if sale.invoice_owner_account_id != account.id:
        # OS8: the credit goes where the sale was invoiced.
        raise DomainError(
            ErrorCode.RETURN_NOT_ALLOWED,
            f"Order line item {sale.order_number}/{sale.item_number} was sold to another "
            "account: a return is ordered by the account the sale was invoiced to.",
            where,
        )
    quantity = item.quantity
    assert quantity is not None
    available = sale.quantity_available_for_return
    if quantity > available:
        raise DomainError(
            ErrorCode.RETURN_QUANTITY_EXCEEDED,
            f"Order line item {sale.order_number}/{sale.item_number} has {available:f} "
            f"left to return; this return asks for {quantity:f}.",
            path(n, "quantity"),
        )
    currency = _currency(item, n, sale.currency)
    price = replace(sale.price, quantity=quantity)
    derived = _amounts(price, currency, n)
    returned_before = sale.quantity - available
    amount = returned_amount(
        sale.amounts.amount, sale.quantity, returned_before, quantity, currency
    )
    amounts = replace(
        derived,
        amount=amount,
        discount=derived.list_price - amount,
        amount_without_tax=amount,
    )
    state, rule = _state(item, n)
    start, end = _dates(build, item, n)
    owner = build.owner(
        item.owner_account or sale.owner_account_id, path(n, "owner_account_number")
    )
    _contacts(item, n, account, owner)
    order = build.order
    build.sales[sale.id] = replace(
        sale,
        quantity_available_for_return=available - quantity,
        amended_by_order_on=order.order_date,
        updated_at=build.ctx.now,
    )
    return LineItem(
        id=new_id(),
        order_id=order.id,
        order_number=order.number,
        order_date=order.order_date,
        item_number=number,
        item_type=item.item_type or sale.item_type,
        item_category=ItemCategory.RETURN,
        state=state,
        item_name=item.item_name or sale.item_name,
        price=price,
        amounts=amounts,
        currency=currency,
        invoice_owner_account_id=account.id,
        owner_account_id=owner.id,
        billing_rule=rule,
        bill_target_date=item.bill_target_date,
        transaction_start_date=start,
        transaction_end_date=end,
        product_rate_plan_charge_id=sale.product_rate_plan_charge_id,
        product_code=item.product_code or sale.product_code,
        uom=item.uom or sale.uom,
        tax_code=item.tax_code or sale.tax_code,
        tax_mode=item.tax_mode or sale.tax_mode,
        related_subscription_number=_subscription(build, item, n)
        or sale.related_subscription_number,
        **_passed(item),
        original_line_item_id=sale.id,
        original_order_id=sale.order_id,
        original_order_number=sale.order_number,
        original_order_date=sale.order_date,
        original_item_number=sale.item_number,
        quantity_available_for_return=Decimal(0),
        created_at=build.ctx.now,
        updated_at=build.ctx.now,
    )
