"""A return line item (spec §8.2, §16.4; decision LI3): names the sale it takes back by
order and item number, locks it, and takes back at most what is left to return; its
amount is what the sale charged for the units returned."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.amounts import returned_amount
from zorders.domain.line_items.model import ItemCategory, ItemState, LineItem
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


def _original(build: Build, item: LineItemCommand, n: int) -> LineItem:
    ref = item.returns
    assert ref.order_number and ref.item_number  # check_line_items
    tenant = build.ctx.tenant_id
    if build.uow.orders.get(tenant, ref.order_number) is None:
        raise DomainError(
            ErrorCode.ORIGINAL_LINE_ITEM_NOT_FOUND,
            f"Order '{ref.order_number}' does not exist.",
            path(n, "original_order_number"),
        )
    # The order's account first, then the sale: the order a bill run takes them in (it
    # locks the account it bills, then the line items due), so the two never deadlock. A
    # return is ordered by the account the sale was invoiced to (OS8).
    build.uow.accounts.get(tenant, build.account.id, for_update=True)
    sale = build.uow.line_items.find(tenant, ref.order_number, ref.item_number, for_update=True)
    if sale is None:
        raise DomainError(
            ErrorCode.ORIGINAL_LINE_ITEM_NOT_FOUND,
            f"Order {ref.order_number} has no order line item '{ref.item_number}'.",
            path(n, "original_order_line_item_number"),
        )
    return build.sales.get(sale.id, sale)


def take_back(build: Build, item: LineItemCommand, n: int, number: str) -> LineItem:
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
    currency = item_currency(item, n, sale.currency)
    price = replace(sale.price, quantity=quantity)
    derived = derived_amounts(price, currency, n)
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
    state, rule = created_state(item, n)
    start, end = transaction_dates(build, item, n)
    owner = build.owner(
        item.owner_account or sale.owner_account_id, path(n, "owner_account_number")
    )
    check_contacts(item, n, account, owner)
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
        related_subscription_number=related_subscription(build, item, n)
        or sale.related_subscription_number,
        **given_fields(item),
        original_line_item_id=sale.id,
        original_order_id=sale.order_id,
        original_order_number=sale.order_number,
        original_order_date=sale.order_date,
        original_item_number=sale.item_number,
        quantity_available_for_return=Decimal(0),
        created_at=build.ctx.now,
        updated_at=build.ctx.now,
    )
