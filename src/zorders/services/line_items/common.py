"""What building a sale and a return share (spec §8.2): the order being built, and the
fields both check or copy the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zorders.domain.accounts import Account
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.amounts import PriceError, derive
from zorders.domain.line_items.model import Amounts, BillingRule, ItemState, LineItem, Price
from zorders.domain.line_items.states import CREATABLE
from zorders.domain.orders.model import Order
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.line_items.checks import path
from zorders.services.line_items.commands import LineItemCommand
from zorders.services.ports import UnitOfWork


@dataclass
class Build:
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


def created_state(item: LineItemCommand, n: int) -> tuple[ItemState, BillingRule]:
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


def transaction_dates(build: Build, item: LineItemCommand, n: int) -> tuple[date, date]:
    start = item.transaction_start_date or build.order.order_date
    end = item.transaction_end_date or start
    if end < start:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_DATES,
            f"The transaction end date {end} is before the transaction start date {start}.",
            path(n, "transaction_end_date"),
        )
    return start, end


def related_subscription(build: Build, item: LineItemCommand, n: int) -> str | None:
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


def check_contacts(item: LineItemCommand, n: int, invoice_owner: Account, owner: Account) -> None:
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


def item_currency(item: LineItemCommand, n: int, currency: str) -> str:
    if item.currency and item.currency != currency:
        raise DomainError(
            ErrorCode.LINE_ITEM_CURRENCY_MISMATCH,
            f"An order line item is in its account's currency ({currency}), not {item.currency}.",
            path(n, "currency"),
        )
    return currency


def derived_amounts(price: Price, currency: str, n: int) -> Amounts:
    try:
        return derive(price, currency)
    except PriceError as error:
        raise DomainError(
            ErrorCode.INVALID_LINE_ITEM_PRICE, str(error), path(n, error.field)
        ) from None


def given_fields(item: LineItemCommand) -> dict[str, Any]:
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
