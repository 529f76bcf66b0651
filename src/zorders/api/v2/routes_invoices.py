"""`GET /v2/invoices`, `GET /v2/invoices/{invoice_id}`, `GET /v2/credit_memos` and
`GET /v2/credit_memos/{credit_memo_id}` (Zuora's Quickstart "List invoices", "Retrieve an
invoice", "List credit memos", "Retrieve a credit memo"): the documents billing made, read
from the storage `/v1/invoices/{key}` and `/v1/credit-memos/{key}` read; `expand[]=items`
adds their items."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.v2.account_views import account_view
from zorders.api.v2.invoice_views import (
    CREDIT_MEMOS,
    INVOICES,
    credit_memo_view,
    invoice_view,
    item_view,
)
from zorders.api.v2.paging import page
from zorders.api.v2.query import Query, Resource, query_of, select
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import billing
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

router = APIRouter(route_class=ZuoraRoute, tags=["v2 Billing documents"])


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


@dataclass(frozen=True)
class _Kind:
    """What differs between invoices and credit memos."""

    kind: DocumentKind
    resource: Resource
    items: str  # Zuora's name of the items in `<items>.fields[]`
    path_key: str
    not_found: ErrorCode
    view: Callable[[BillingDocument, Account | None, date], dict[str, Any]]

    def items_asked(self, query: Query) -> bool:
        return query.expands("items") or query.expands(self.items)

    def asked(self, query: Query) -> Query:
        """`<items>.fields[]` selects the fields of `items`; `fields[]` keeps what
        `expand[]` asked for."""
        related = dict(query.related_fields)
        if "items" not in related and self.items in related:
            related["items"] = related[self.items]
        fields = query.fields
        if fields is not None:
            expanded = {"items"} if self.items_asked(query) else set()
            fields = fields | expanded | ({"account"} & query.expand)
        return replace(query, fields=fields, related_fields=related)

    def body(
        self, document: BillingDocument, query: Query, today: date, lookups: _Lookups
    ) -> dict[str, Any]:
        account = lookups.account(document.account_id)
        body = self.view(document, account, today)
        if self.items_asked(query):
            body["items"] = {
                "data": [item_view(e, document, lookups.item_keys) for e in document.items],
                "next_page": None,
            }
        if query.expands("account"):
            body["account"] = account_view(account) if account is not None else None
        return body

    def list(self, request: Request, query: Query, ctx: CommandContext) -> ZuoraJSONResponse:
        with dependencies(request).uow_factory(read_only=True) as uow:
            documents = uow.billing.documents_of_tenant(ctx.tenant_id, self.kind)
            lookups = _Lookups(uow, ctx)
            views = [self.body(d, query, ctx.today, lookups) for d in documents]
        return ZuoraJSONResponse(page(views, self.asked(query), self.resource))

    def get(
        self, key: str, request: Request, query: Query, ctx: CommandContext
    ) -> ZuoraJSONResponse:
        """By id or number."""
        with dependencies(request).uow_factory(read_only=True) as uow:
            try:
                document = billing.get_document(uow, ctx, key, self.kind)
            except DomainError as error:
                if error.code is self.not_found:
                    raise DomainError(error.code, error.message, self.path_key) from None
                raise
            view = self.body(document, query, ctx.today, _Lookups(uow, ctx))
        return ZuoraJSONResponse(select(view, self.asked(query), self.resource))


_INVOICES = _Kind(
    DocumentKind.INVOICE,
    INVOICES,
    "invoice_items",
    "invoice_id",
    ErrorCode.INVOICE_NOT_FOUND,
    invoice_view,
)
_MEMOS = _Kind(
    DocumentKind.CREDIT_MEMO,
    CREDIT_MEMOS,
    "credit_memo_items",
    "credit_memo_id",
    ErrorCode.CREDIT_MEMO_NOT_FOUND,
    lambda document, account, _today: credit_memo_view(document, account),
)


@router.get("/v2/invoices", summary="List invoices")
def list_invoices(
    request: Request,
    query: Query = Depends(query_of(INVOICES, listing=True)),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    return _INVOICES.list(request, query, ctx)


@router.get("/v2/invoices/{invoice_id}", summary="Retrieve an invoice")
def get_invoice(
    invoice_id: str,
    request: Request,
    query: Query = Depends(query_of(INVOICES, listing=False)),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    return _INVOICES.get(invoice_id, request, query, ctx)


@router.get("/v2/credit_memos", summary="List credit memos")
def list_credit_memos(
    request: Request,
    query: Query = Depends(query_of(CREDIT_MEMOS, listing=True)),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    return _MEMOS.list(request, query, ctx)


@router.get("/v2/credit_memos/{credit_memo_id}", summary="Retrieve a credit memo")
def get_credit_memo(
    credit_memo_id: str,
    request: Request,
    query: Query = Depends(query_of(CREDIT_MEMOS, listing=False)),
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    return _MEMOS.get(credit_memo_id, request, query, ctx)
