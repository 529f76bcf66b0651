"""The account through Zuora's CRUD object API (issue 13, decision RS4):
`GET|PUT /v1/object/account/{id}`, in the Account object's PascalCase words.

GET answers the fields that have a value (as the CRUD API does, and as
`/v1/object/product` does here), `?fields=` picks some. PUT takes the updatable fields
and answers `{Success, Id}`; it goes through the same account update as
`PUT /v1/accounts/{key}` (one engine, many dialects). `BillToId` / `SoldToId` name another
contact of the account. Fields of features zorders does not have (`DefaultPaymentMethodId`,
`Status`, `ParentId`, ...) are refused rather than dropped; other unknown fields are ignored
unless `rejectUnknownFields=true`, `*__c` ones are custom fields.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from zorders.api.deps import command_context, dependencies
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.domain.accounts import Account, AccountUpdate
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import accounts as account_service
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Accounts (CRUD)"])

# CRUD field -> AccountUpdate attribute, for the fields that map one to one.
_UPDATABLE = {
    "Name": "name",
    "Currency": "currency",
    "BillCycleDay": "bill_cycle_day",
    "PaymentTerm": "payment_term",
    "AutoPay": "auto_pay",
    "Batch": "batch",
    "InvoiceDeliveryPrefsEmail": "invoice_delivery_prefs_email",
    "InvoiceDeliveryPrefsPrint": "invoice_delivery_prefs_print",
    "Notes": "notes",
    "CrmId": "crm_id",
    "SalesRepName": "sales_rep",
    "PurchaseOrderNumber": "purchase_order_number",
    "CustomerServiceRepName": "customer_service_rep_name",
}

# Account object fields whose feature zorders does not have, or that are not updatable
# here: refused, never silently dropped.
_REFUSED = (
    "AccountNumber",
    "AllowInvoiceEdit",
    "BcdSettingOption",
    "CommunicationProfileId",
    "DefaultPaymentMethodId",
    "InvoiceTemplateId",
    "ParentId",
    "PaymentGateway",
    "Status",
    "TaxExemptStatus",
)


def _at(value: Any) -> str | None:
    """CRUD timestamps: `2025-01-01T00:00:00.000+00:00`."""
    return value.isoformat(timespec="milliseconds") if value is not None else None


def crud_account(account: Account) -> dict[str, Any]:
    """The Account object's fields that have a value."""
    metrics = account.metrics
    body: dict[str, Any] = {
        "Id": account.id,
        "AccountNumber": account.account_number,
        "Name": account.name,
        "Currency": account.currency,
        "Status": account.status.value,
        "BillCycleDay": account.bill_cycle_day,
        "BcdSettingOption": account.bcd_setting_option.value,
        "PaymentTerm": account.payment_term.value,
        "AutoPay": account.auto_pay,
        "Batch": account.batch,
        "InvoiceDeliveryPrefsEmail": account.invoice_delivery_prefs_email,
        "InvoiceDeliveryPrefsPrint": account.invoice_delivery_prefs_print,
        "AdditionalEmailAddresses": ",".join(account.additional_email_addresses) or None,
        "AllowInvoiceEdit": False,
        "Notes": account.notes,
        "CrmId": account.crm_id,
        "SalesRepName": account.sales_rep,
        "PurchaseOrderNumber": account.purchase_order_number,
        "CustomerServiceRepName": account.customer_service_rep_name,
        "DefaultPaymentMethodId": account.default_payment_method_id,
        "BillToId": account.bill_to.id,
        "SoldToId": account.sold_to.id,
        "Balance": metrics.balance,
        "CreditBalance": metrics.credit_balance,
        "TotalInvoiceBalance": metrics.total_invoice_balance,
        "TotalDebitMemoBalance": metrics.total_debit_memo_balance,
        "UnappliedBalance": metrics.unapplied_payment_amount,
        "UnappliedCreditMemoAmount": metrics.unapplied_credit_memo_amount,
        "CreatedDate": _at(account.created_at),
        "UpdatedDate": _at(account.updated_at),
        **account.custom_fields,
    }
    return {k: v for k, v in body.items() if v is not None}


class CrudAccountBody(BaseModel):
    model_config = ConfigDict(extra="allow")

    Name: StrictStr | None = None
    Currency: StrictStr | None = None
    BillCycleDay: StrictInt | None = None
    PaymentTerm: StrictStr | None = None
    AutoPay: StrictBool | None = None
    Batch: StrictStr | None = None
    InvoiceDeliveryPrefsEmail: StrictBool | None = None
    InvoiceDeliveryPrefsPrint: StrictBool | None = None
    AdditionalEmailAddresses: StrictStr | None = None
    Notes: StrictStr | None = None
    CrmId: StrictStr | None = None
    SalesRepName: StrictStr | None = None
    PurchaseOrderNumber: StrictStr | None = None
    CustomerServiceRepName: StrictStr | None = None
    BillToId: StrictStr | None = None
    SoldToId: StrictStr | None = None

    def check(self, reject_unknown: bool) -> None:
        extra = self.model_extra or {}
        for name in _REFUSED:
            if name in extra:
                raise DomainError(
                    ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED,
                    f"'{name}' cannot be updated through the CRUD account in zorders.",
                    name,
                )
        unknown = [k for k in extra if not k.endswith("__c")]
        if reject_unknown and unknown:
            raise DomainError(
                ErrorCode.UNKNOWN_FIELD, f"'{unknown[0]}' is not a recognized field", unknown[0]
            )

    def to_update(self) -> AccountUpdate:
        sent = self.model_fields_set
        values: dict[str, Any] = {
            attr: getattr(self, wire) for wire, attr in _UPDATABLE.items() if wire in sent
        }
        if "AdditionalEmailAddresses" in sent:
            text = self.AdditionalEmailAddresses or ""
            values["additional_email_addresses"] = tuple(
                e.strip() for e in text.split(",") if e.strip()
            )
        custom = {k: v for k, v in (self.model_extra or {}).items() if k.endswith("__c")}
        return AccountUpdate(**values, custom_fields=custom)

    def contact_ids(self) -> dict[str, str]:
        ids = {"bill_to": self.BillToId, "sold_to": self.SoldToId}
        return {role: value for role, value in ids.items() if value is not None}


def _by_id(request: Request, ctx: CommandContext, account_id: str) -> Account:
    """The CRUD API takes the account's id only (not its number)."""
    with dependencies(request).uow_factory(read_only=True) as uow:
        account = uow.accounts.get(ctx.tenant_id, account_id)
    if account is None:
        raise DomainError(
            ErrorCode.ACCOUNT_NOT_FOUND, f"Cannot find entity by key: '{account_id}'."
        )
    return account


@router.get("/v1/object/account/{id}", summary="CRUD: Retrieve an account")
def get_crud_account(
    id: str,
    request: Request,
    fields: str | None = None,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    body = crud_account(_by_id(request, ctx, id))
    if fields:
        wanted = {f.strip().lower() for f in fields.split(",") if f.strip()} | {"id"}
        body = {k: v for k, v in body.items() if k.lower() in wanted}
    return ZuoraJSONResponse(body)


@router.put("/v1/object/account/{id}", summary="CRUD: Update an account")
def update_crud_account(
    id: str,
    body: CrudAccountBody,
    request: Request,
    rejectUnknownFields: bool = False,
    ctx: CommandContext = Depends(command_context),
) -> ZuoraJSONResponse:
    body.check(rejectUnknownFields)
    account = _by_id(request, ctx, id)
    account_service.update(
        dependencies(request).uow_factory,
        ctx,
        account.id,
        body.to_update(),
        contact_ids=body.contact_ids(),
    )
    return ZuoraJSONResponse({"Success": True, "Id": account.id})
