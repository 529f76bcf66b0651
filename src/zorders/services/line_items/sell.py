"""The line items of an order (spec §8, §16.4): checked with the order command
(`checks.py`), built and stored after its actions execute and before its processing
options bill them.

A sale may name a one-time catalog charge: its name, price in the account's currency, UOM
and tax code are copied where the item gives none. A return is `returns.take_back`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from zorders.domain.accounts import Account
from zorders.domain.catalog.enums import ChargeModel, ChargeType
from zorders.domain.catalog.model import ProductRatePlanCharge
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import (
    InlineDiscountType,
    ItemCategory,
    ItemType,
    LineItem,
    Price,
)
from zorders.domain.orders.model import Order
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.line_items.checks import path
from zorders.services.line_items.commands import LineItemCommand
from zorders.services.line_items.common import (
    Build,
    check_contacts,
    created_state,
    derived_amounts,
    given_fields,
    item_currency,
    related_subscription,
    transaction_dates,
)
from zorders.services.line_items.returns import take_back
from zorders.services.ports import UnitOfWork

# Charge models whose catalog price is one price per unit (the others need the item's).
_PRICED_PER_UNIT = frozenset({ChargeModel.FLAT_FEE, ChargeModel.PER_UNIT})


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
    build = Build(uow, ctx, order, account, tokens)
    numbers = [i.item_number or str(n + 1) for n, i in enumerate(items)]
    made = tuple(
        take_back(build, item, n, number)
        if item.item_category is ItemCategory.RETURN
        else _sale(build, item, n, number)
        for n, (item, number) in enumerate(zip(items, numbers, strict=True))
    )
    uow.line_items.add_many(ctx.tenant_id, made)
    for sale in build.sales.values():
        uow.line_items.update(ctx.tenant_id, sale)
    return made


def _charge(build: Build, item: LineItemCommand, n: int) -> ProductRatePlanCharge | None:
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


def _sale(build: Build, item: LineItemCommand, n: int, number: str) -> LineItem:
    account = build.account
    currency = item_currency(item, n, account.currency)
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
    state, rule = created_state(item, n)
    start, end = transaction_dates(build, item, n)
    owner = build.owner(item.owner_account, path(n, "owner_account_number"))
    check_contacts(item, n, account, owner)
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
        amounts=derived_amounts(price, currency, n),
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
        related_subscription_number=related_subscription(build, item, n),
        **given_fields(item),
        quantity_available_for_return=item.quantity,
        created_at=build.ctx.now,
        updated_at=build.ctx.now,
    )
