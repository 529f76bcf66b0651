"""`GET /v2/invoices` and `GET /v2/invoices/{invoice_id}` (Zuora's Quickstart "List
invoices" and "Retrieve an invoice"): the invoices billing made, read from the documents
`/v1/invoices/{key}` reads; `expand[]=items` adds their items."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.v2.account_views import account_view
from zorders.api.v2.invoice_views import INVOICES, invoice_item_view, invoice_view
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, query_of, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import billing
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

router = APIRouter(prefix="/v2/invoices", tags=["v2 Invoices"], route_class=ZuoraRoute)

_one = query_of(INVOICES, listing=False)
_many = query_of(INVOICES, listing=True)


class _Lookups:
    """Accounts by id and subscription item ids by (subscription, charge number), each
    read once per request. An item names the latest version's subscription and charge
    (decision QS5): a billed charge keeps its number across versions."""

    def __init__(self, uow: UnitOfWork, ctx: CommandContext) -> None:
        self._uow, self._ctx = uow, ctx
        self._accounts: dict[str, Account | None] = {}
        self._charges: dict[str, tuple[str | None, dict[str, str]]] = {}

    def account(self, account_id: str) -> Account | None:
        if account_id not in self._accounts:
            self._accounts[account_id] = self._uow.accounts.get(self._ctx.tenant_id, account_id)
        return self._accounts[account_id]

    def item_keys(self, number: str, charge_number: str) -> tuple[str | None, str | None]:
        if number not in self._charges:
            latest = self._uow.subscriptions.latest(self._ctx.tenant_id, number)
            self._charges[number] = (
                (latest.id, {c.number: c.id for p in latest.rate_plans for c in p.charges})
                if latest is not None
                else (None, {})
            )
        subscription_id, charges = self._charges[number]
        return subscription_id, charges.get(charge_number)


def _items_asked(query: Query) -> bool:
    return query.expands("items") or query.expands("invoice_items")


def _asked(query: Query) -> Query:
    """`invoice_items.fields[]` selects the fields of `items`; `fields[]` keeps what
    `expand[]` asked for."""
    related = dict(query.related_fields)
    if "items" not in related and "invoice_items" in related:
        related["items"] = related["invoice_items"]
    fields = query.fields
    if fields is not None:
        expanded = {"items"} if _items_asked(query) else set()
        fields = fields | expanded | ({"account"} & query.expand)
    return replace(query, fields=fields, related_fields=related)


def _view(
    document: BillingDocument, query: Query, today: date, lookups: _Lookups
) -> dict[str, Any]:
    account = lookups.account(document.account_id)
    body = invoice_view(document, account, today)
    if _items_asked(query):
        body["items"] = {
            "data": [invoice_item_view(e, document, lookups.item_keys) for e in document.items],
            "next_page": None,
        }
    if query.expands("account"):
        body["account"] = account_view(account) if account is not None else None
    return body


@router.get("", summary="List invoices")
def list_invoices(
    request: Request,
    query: Query = Depends(_many),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        documents = uow.billing.documents_of_tenant(ctx.tenant_id, DocumentKind.INVOICE)
        lookups = _Lookups(uow, ctx)
        views = [_view(d, query, ctx.today, lookups) for d in documents]
    return ZuoraJSONResponse(page(views, _asked(query), INVOICES))


@router.get("/{invoice_id}", summary="Retrieve an invoice")
def get_invoice(
    invoice_id: str,
    request: Request,
    query: Query = Depends(_one),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """By id or invoice number."""
    with dependencies(request).uow_factory(read_only=True) as uow:
        try:
            document = billing.get_document(uow, ctx, invoice_id, DocumentKind.INVOICE)
        except DomainError as error:
            if error.code is ErrorCode.INVOICE_NOT_FOUND:
                raise DomainError(error.code, error.message, "invoice_id") from None
            raise
        view = _view(document, query, ctx.today, _Lookups(uow, ctx))
    return ZuoraJSONResponse(select(view, _asked(query), INVOICES))
