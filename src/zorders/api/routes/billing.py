"""Billing documents (spec §13.5): invoices, credit memos, an account's documents, and
billing one account now for a target date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from zorders.api.deps import command_context, dependencies, unit_of_work
from zorders.api.response_keys import complete
from zorders.api.schemas.orders import Wire
from zorders.api.views.billing import (
    credit_memo_body,
    credit_memo_items_body,
    document_summary,
    invoice_body,
    invoice_items_body,
)
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.billing.documents import DocumentKind
from zorders.domain.catalog.enums import ChargeType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_target_date
from zorders.services import billing
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.document_skus import skus_of, subscription_ids_of

router = APIRouter(route_class=ZuoraRoute, tags=["Billing documents"])


def _account(uow: Any, ctx: CommandContext, account_id: str) -> Any:
    account = uow.accounts.get(ctx.tenant_id, account_id)
    assert account is not None, "a document's account is never deleted"
    return account


@router.get("/v1/invoices/{invoice_key}", summary="Retrieve an invoice")
def get_invoice(
    invoice_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        document = billing.get_document(uow, ctx, invoice_key, DocumentKind.INVOICE)
        body = invoice_body(document, _account(uow, ctx, document.account_id))
    return ZuoraJSONResponse(complete(body, "InvoiceResponse"))


@router.get("/v1/invoices/{invoice_key}/items", summary="List the items of an invoice")
def get_invoice_items(
    invoice_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        document = billing.get_document(uow, ctx, invoice_key, DocumentKind.INVOICE)
        body = invoice_items_body(
            document, skus_of(uow, ctx, document), subscription_ids_of(uow, ctx, document)
        )
    return ZuoraJSONResponse(complete(body, "InvoiceItemsResponse"))


def _operation(document_id: str) -> ZuoraJSONResponse:
    """AsyncOperationResponse: zorders completes the operation before answering."""
    return ZuoraJSONResponse({"success": True, "id": document_id, "jobStatus": "Completed"})


@router.put("/v1/invoices/{invoice_key}/post", summary="Post a draft invoice")
def post_invoice(
    invoice_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        document = billing.post_invoice(uow, ctx, invoice_key)
    return _operation(document.id)


@router.put("/v1/invoices/{invoice_key}/cancel", summary="Cancel an invoice")
def cancel_invoice(
    invoice_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with unit_of_work(request) as uow:
        document = billing.cancel_invoice(uow, ctx, invoice_key)
    return _operation(document.id)


@router.get("/v1/credit-memos/{credit_memo_key}", summary="Retrieve a credit memo")
def get_credit_memo(
    credit_memo_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        document = billing.get_document(uow, ctx, credit_memo_key, DocumentKind.CREDIT_MEMO)
        body = credit_memo_body(document, _account(uow, ctx, document.account_id))
    return ZuoraJSONResponse(complete(body, "CreditMemoResponse"))


@router.get("/v1/credit-memos/{credit_memo_key}/items", summary="List the items of a credit memo")
def get_credit_memo_items(
    credit_memo_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        document = billing.get_document(uow, ctx, credit_memo_key, DocumentKind.CREDIT_MEMO)
        body = credit_memo_items_body(document, skus_of(uow, ctx, document))
    return ZuoraJSONResponse(complete(body, "CreditMemoItemsResponse"))


@router.get("/v1/billing-documents", summary="List an account's billing documents")
def list_billing_documents(
    request: Request,
    accountId: str | None = None,
    accountNumber: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    key = accountId or accountNumber
    if not key:
        raise DomainError(
            ErrorCode.MISSING_PARAMETER, "'accountId' or 'accountNumber' is required", "accountId"
        )
    with dependencies(request).uow_factory(read_only=True) as uow:
        account = find_account(uow, ctx.tenant_id, key)
        documents = uow.billing.documents_of_account(ctx.tenant_id, account.id)
    return ZuoraJSONResponse(
        {"success": True, "documents": [document_summary(d) for d in documents]}
    )


class GenerateIn(Wire):
    target_date: date | None = None
    effective_date: date | None = None
    auto_post: bool | None = None
    charge_type_to_exclude: list[Literal["OneTime", "Recurring", "Usage"]] | None = Field(
        default=None
    )


@router.post(
    "/v1/accounts/{account_key}/billing-documents/generate",
    summary="Generate billing documents for an account",
)
def generate(
    account_key: str,
    request: Request,
    body: GenerateIn,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    """Bill the account now for `targetDate` (default today); documents are Draft unless
    `autoPost` is true (Zuora's default for this call)."""
    target = check_target_date(body.target_date or ctx.today, ctx.today, "targetDate")
    with unit_of_work(request) as uow:
        account = find_account(uow, ctx.tenant_id, account_key, for_update=True)
        outcome = billing.bill_account(
            uow,
            ctx,
            account,
            target,
            document_date=body.effective_date,
            draft=not body.auto_post,
            exclude=frozenset(ChargeType(c) for c in body.charge_type_to_exclude or []),
            source_type="Subscription",
        )
    return ZuoraJSONResponse(
        {
            "success": True,
            "invoices": [{"id": d.id} for d in outcome.invoices],
            "creditMemos": [{"id": d.id} for d in outcome.credit_memos],
        }
    )


def _legacy_invoice(document: Any, account: Any) -> dict[str, Any]:
    """An invoice as the older `GET /v1/transactions/invoices/accounts/{key}` shows it."""
    return {
        "id": document.id,
        "accountId": account.id,
        "accountName": account.name,
        "accountNumber": account.account_number,
        "invoiceNumber": document.number,
        "invoiceDate": document.document_date,
        "invoiceTargetDate": document.target_date,
        "dueDate": document.due_date,
        "amount": document.amount,
        "balance": document.balance,
        "creditBalanceAdjustmentAmount": 0,
        "status": document.status.value,
        "invoiceFiles": [],
        "invoiceItems": [
            {
                "id": entry.id,
                "subscriptionName": entry.item.subscription_number or None,
                "serviceStartDate": entry.item.service_start,
                "serviceEndDate": entry.item.service_end - timedelta(days=1),
                "chargeAmount": entry.item.amount,
                "chargeName": entry.item.charge_name,
                "chargeId": entry.item.charge_number or None,
                "orderLineItemId": entry.item.order_line_item_id,
                "chargeType": entry.item.charge_type.value,
                "chargeDate": entry.item.service_start,
                "productName": entry.item.product_name,
                "quantity": entry.item.quantity,
                "unitOfMeasure": entry.item.uom,
                "taxAmount": 0,
                "processingType": entry.item.processing_type.value,
            }
            for entry in document.items
        ],
    }


@router.get(
    "/v1/transactions/invoices/accounts/{account_key}",
    summary="List an account's invoices (legacy)",
)
def legacy_invoices(
    account_key: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        account = find_account(uow, ctx.tenant_id, account_key)
        documents = uow.billing.documents_of_account(ctx.tenant_id, account.id)
    invoices = [_legacy_invoice(d, account) for d in documents if d.kind is DocumentKind.INVOICE]
    return ZuoraJSONResponse({"success": True, "invoices": invoices})
