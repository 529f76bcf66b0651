"""Accounts on the wire (v1, spec §13.1), with the official client's field names.

Requests follow CreateAccountRequest / UpdateAccountRequest / CreateAccountContact:
`*__c` custom fields sit at the top level of the account and of each contact; other
unknown fields are ignored, as Zuora does. Fields whose feature does not exist yet
(payment methods, subscribe-with-account) are refused rather than silently dropped.
Lengths and ranges are the domain's rules (so their errors carry account codes); the
schemas only check types. Answers are plain dicts for `ZuoraJSONResponse`, which keeps
Decimals exact: AccountDetailResponse, AccountSummaryResponse, CreateAccountResponse.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr

from zorders.domain.accounts import (
    CONTACT_TEXT_FIELDS,
    DEFAULT_BATCH,
    Account,
    AccountDraft,
    AccountSummary,
    AccountUpdate,
    Contact,
    ContactChanges,
    ContactInfo,
    CustomFields,
    PaymentTerm,
)
from zorders.domain.errors import DomainError, ErrorCode

# Request fields of features that do not exist yet: refused, never dropped silently.
_NOT_SUPPORTED = {
    "creditCard": "payment methods",
    "hpmCreditCardPaymentMethodId": "payment methods",
    "paymentMethod": "payment methods",
    "paymentMethodId": "payment methods",
    "subscription": "creating a subscription with the account (use POST /v1/orders)",
}


class _ZuoraBody(BaseModel):
    """Unknown fields are kept aside: `*__c` ones become custom fields, others are ignored."""

    model_config = ConfigDict(extra="allow")

    def custom_fields(self) -> CustomFields:
        return {k: v for k, v in (self.model_extra or {}).items() if k.endswith("__c")}

    def refuse_unsupported(self) -> None:
        for name, feature in _NOT_SUPPORTED.items():
            if (self.model_extra or {}).get(name) is not None:
                raise DomainError(
                    ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED,
                    f"'{name}' is not supported yet: zorders has no {feature}.",
                    name,
                )


class ContactRequest(_ZuoraBody):
    firstName: StrictStr
    lastName: StrictStr
    nickname: StrictStr | None = None
    address1: StrictStr | None = None
    address2: StrictStr | None = None
    city: StrictStr | None = None
    county: StrictStr | None = None
    state: StrictStr | None = None
    country: StrictStr | None = None
    zipCode: StrictStr | None = None
    workEmail: StrictStr | None = None
    personalEmail: StrictStr | None = None
    workPhone: StrictStr | None = None
    homePhone: StrictStr | None = None
    mobilePhone: StrictStr | None = None
    otherPhone: StrictStr | None = None
    otherPhoneType: StrictStr | None = None
    fax: StrictStr | None = None
    taxRegion: StrictStr | None = None
    contactDescription: StrictStr | None = None

    def to_info(self) -> ContactInfo:
        return ContactInfo(
            **{attr: getattr(self, wire) for attr, wire, _ in CONTACT_TEXT_FIELDS},
            custom_fields=self.custom_fields(),
        )


class ContactUpdateRequest(_ZuoraBody):
    """Every field optional: only those sent change (null clears an optional one)."""

    firstName: StrictStr | None = None
    lastName: StrictStr | None = None
    nickname: StrictStr | None = None
    address1: StrictStr | None = None
    address2: StrictStr | None = None
    city: StrictStr | None = None
    county: StrictStr | None = None
    state: StrictStr | None = None
    country: StrictStr | None = None
    zipCode: StrictStr | None = None
    workEmail: StrictStr | None = None
    personalEmail: StrictStr | None = None
    workPhone: StrictStr | None = None
    homePhone: StrictStr | None = None
    mobilePhone: StrictStr | None = None
    otherPhone: StrictStr | None = None
    otherPhoneType: StrictStr | None = None
    fax: StrictStr | None = None
    taxRegion: StrictStr | None = None
    contactDescription: StrictStr | None = None

    def to_changes(self) -> ContactChanges:
        sent = self.model_fields_set
        return ContactChanges(
            values={
                attr: getattr(self, wire) for attr, wire, _ in CONTACT_TEXT_FIELDS if wire in sent
            },
            custom_fields=self.custom_fields(),
        )


def _emails(value: list[str] | str | None) -> tuple[str, ...]:
    """A list, or one comma-separated string (spec §3.3), of addresses."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return tuple(item.strip() for item in items if item.strip())


class CreateAccountRequest(_ZuoraBody):
    name: StrictStr
    currency: StrictStr
    billToContact: ContactRequest
    soldToContact: ContactRequest | None = None
    shipToContact: ContactRequest | None = None
    soldToSameAsBillTo: StrictBool | None = None
    shipToSameAsBillTo: StrictBool | None = None
    accountNumber: StrictStr | None = None
    billCycleDay: StrictInt | None = None
    paymentTerm: StrictStr | None = None
    autoPay: StrictBool | None = None
    batch: StrictStr | None = None
    invoiceDeliveryPrefsEmail: StrictBool | None = None
    invoiceDeliveryPrefsPrint: StrictBool | None = None
    additionalEmailAddresses: list[StrictStr] | StrictStr | None = None
    notes: StrictStr | None = None
    crmId: StrictStr | None = None
    salesRep: StrictStr | None = None
    purchaseOrderNumber: StrictStr | None = None
    customerServiceRepName: StrictStr | None = None

    def to_draft(self) -> AccountDraft:
        self.refuse_unsupported()
        return AccountDraft(
            name=self.name,
            currency=self.currency,
            bill_to=self.billToContact.to_info(),
            sold_to=self.soldToContact.to_info() if self.soldToContact else None,
            ship_to=self.shipToContact.to_info() if self.shipToContact else None,
            sold_to_same_as_bill_to=bool(self.soldToSameAsBillTo),
            ship_to_same_as_bill_to=bool(self.shipToSameAsBillTo),
            account_number=self.accountNumber,
            bill_cycle_day=self.billCycleDay if self.billCycleDay is not None else 0,
            payment_term=self.paymentTerm or PaymentTerm.DUE_UPON_RECEIPT,
            auto_pay=bool(self.autoPay),
            batch=self.batch if self.batch is not None else DEFAULT_BATCH,
            invoice_delivery_prefs_email=bool(self.invoiceDeliveryPrefsEmail),
            invoice_delivery_prefs_print=bool(self.invoiceDeliveryPrefsPrint),
            additional_email_addresses=_emails(self.additionalEmailAddresses),
            notes=self.notes,
            crm_id=self.crmId,
            sales_rep=self.salesRep,
            purchase_order_number=self.purchaseOrderNumber,
            customer_service_rep_name=self.customerServiceRepName,
            custom_fields=self.custom_fields(),
        )


# Update fields that map one to one onto AccountUpdate (wire name -> attribute).
_UPDATE_FIELDS = {
    "name": "name",
    "currency": "currency",
    "billCycleDay": "bill_cycle_day",
    "paymentTerm": "payment_term",
    "autoPay": "auto_pay",
    "batch": "batch",
    "invoiceDeliveryPrefsEmail": "invoice_delivery_prefs_email",
    "invoiceDeliveryPrefsPrint": "invoice_delivery_prefs_print",
    "notes": "notes",
    "crmId": "crm_id",
    "salesRep": "sales_rep",
    "purchaseOrderNumber": "purchase_order_number",
    "customerServiceRepName": "customer_service_rep_name",
}


class UpdateAccountRequest(_ZuoraBody):
    """PUT semantics: only the fields sent change. `currency` may be sent only unchanged."""

    name: StrictStr | None = None
    currency: StrictStr | None = None
    billCycleDay: StrictInt | None = None
    paymentTerm: StrictStr | None = None
    autoPay: StrictBool | None = None
    batch: StrictStr | None = None
    invoiceDeliveryPrefsEmail: StrictBool | None = None
    invoiceDeliveryPrefsPrint: StrictBool | None = None
    additionalEmailAddresses: list[StrictStr] | StrictStr | None = None
    notes: StrictStr | None = None
    crmId: StrictStr | None = None
    salesRep: StrictStr | None = None
    purchaseOrderNumber: StrictStr | None = None
    customerServiceRepName: StrictStr | None = None
    billToContact: ContactUpdateRequest | None = None
    soldToContact: ContactUpdateRequest | None = None
    shipToContact: ContactUpdateRequest | None = None
    billToContactId: StrictStr | None = None
    soldToContactId: StrictStr | None = None
    shipToContactId: StrictStr | None = None

    def to_update(self) -> AccountUpdate:
        self.refuse_unsupported()
        sent = self.model_fields_set
        values: dict[str, Any] = {
            attr: getattr(self, wire) for wire, attr in _UPDATE_FIELDS.items() if wire in sent
        }
        if "additionalEmailAddresses" in sent:
            values["additional_email_addresses"] = _emails(self.additionalEmailAddresses)
        return AccountUpdate(
            **values,
            custom_fields=self.custom_fields(),
            bill_to=self.billToContact.to_changes() if self.billToContact else None,
            sold_to=self.soldToContact.to_changes() if self.soldToContact else None,
            ship_to=self.shipToContact.to_changes() if self.shipToContact else None,
        )

    def contact_ids(self) -> dict[str, str]:
        """Role -> id of another contact of the account to play it."""
        ids = {
            "bill_to": self.billToContactId,
            "sold_to": self.soldToContactId,
            "ship_to": self.shipToContactId,
        }
        return {role: contact_id for role, contact_id in ids.items() if contact_id is not None}


# -- answers ----------------------------------------------------------------------------


def contact_body(contact: Contact, account: Account | None = None) -> dict[str, Any]:
    """A contact of `account` (decision RS2): its account's id and number; `postalCode`
    repeats `zipCode` ("same as zipCode"); any contact of an account may play any role in
    zorders, so `asBillTo` / `asSoldTo` / `asShipTo` are true."""
    body: dict[str, Any] = {"id": contact.id}
    body.update({wire: getattr(contact.info, attr) for attr, wire, _ in CONTACT_TEXT_FIELDS})
    body["postalCode"] = body.get("zipCode")
    if account is not None:
        body.update(
            accountId=account.id,
            accountNumber=account.account_number,
            asBillTo=True,
            asSoldTo=True,
            asShipTo=True,
        )
    body.update(contact.info.custom_fields)
    return body


def created_body(account: Account) -> dict[str, Any]:
    """CreateAccountResponse."""
    return {
        "success": True,
        "accountId": account.id,
        "accountNumber": account.account_number,
        "billToContactId": account.bill_to.id,
        "soldToContactId": account.sold_to.id,
        "shipToContactId": account.ship_to.id,
    }


def _basic_info(account: Account) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": account.id,
        "name": account.name,
        "accountNumber": account.account_number,
        "notes": account.notes,
        "status": account.status.value,
        "crmId": account.crm_id,
        "batch": account.batch,
        "invoiceTemplateId": None,
        "communicationProfileId": None,
        "purchaseOrderNumber": account.purchase_order_number,
        "customerServiceRepName": account.customer_service_rep_name,
        "salesRep": account.sales_rep,
        "parentId": None,
        "partnerAccount": False,
        "tags": None,
        "defaultPaymentMethodId": account.default_payment_method_id,
    }
    body.update(account.custom_fields)
    return body


def account_basic_info(account: Account) -> dict[str, Any]:
    """AccountBasicInfo: an account read's `basicInfo`, and a subscription's
    `accountOwnerDetails` / `invoiceOwnerAccountDetails`."""
    return _basic_info(account)


def detail_body(account: Account) -> dict[str, Any]:
    """AccountDetailResponse (GET /v1/accounts/{account-key})."""
    metrics = account.metrics
    return {
        "success": True,
        "basicInfo": _basic_info(account),
        "billingAndPayment": {
            "billCycleDay": account.bill_cycle_day,
            "bcdSettingOption": account.bcd_setting_option.value,
            "currency": account.currency,
            "paymentTerm": account.payment_term.value,
            "paymentGateway": None,
            "invoiceDeliveryPrefsEmail": account.invoice_delivery_prefs_email,
            "invoiceDeliveryPrefsPrint": account.invoice_delivery_prefs_print,
            "additionalEmailAddresses": list(account.additional_email_addresses),
            "autoPay": account.auto_pay,
            "defaultPaymentMethodId": account.default_payment_method_id,
        },
        "metrics": {
            "balance": metrics.balance,
            "currency": account.currency,
            "contractedMrr": metrics.contracted_mrr,
            "creditBalance": metrics.credit_balance,
            "totalInvoiceBalance": metrics.total_invoice_balance,
            "totalDebitMemoBalance": metrics.total_debit_memo_balance,
            "unappliedCreditMemoAmount": metrics.unapplied_credit_memo_amount,
            "unappliedPaymentAmount": metrics.unapplied_payment_amount,
            "reservedPaymentAmount": metrics.reserved_payment_amount,
        },
        "billToContact": contact_body(account.bill_to, account),
        "soldToContact": contact_body(account.sold_to, account),
        "shipToContact": contact_body(account.ship_to, account),
    }


def summary_body(summary: AccountSummary) -> dict[str, Any]:
    """AccountSummaryResponse (GET /v1/accounts/{account-key}/summary)."""
    account = summary.account
    last_payment = summary.last_payment
    basic_info: dict[str, Any] = {
        "id": account.id,
        "name": account.name,
        "accountNumber": account.account_number,
        "balance": account.metrics.balance,
        "lastInvoiceDate": summary.last_invoice_date,
        "lastPaymentDate": last_payment.effective_date if last_payment else None,
        "lastPaymentAmount": last_payment.amount if last_payment else None,
        "currency": account.currency,
        "status": account.status.value,
        "batch": account.batch,
        "billCycleDay": account.bill_cycle_day,
        "invoiceDeliveryPrefsPrint": account.invoice_delivery_prefs_print,
        "invoiceDeliveryPrefsEmail": account.invoice_delivery_prefs_email,
        "additionalEmailAddresses": list(account.additional_email_addresses),
        "autoPay": account.auto_pay,
        "purchaseOrderNumber": account.purchase_order_number,
        "customerServiceRepName": account.customer_service_rep_name,
        "partnerAccount": False,
        "tags": None,
        "defaultPaymentMethod": None,
    }
    basic_info.update(account.custom_fields)
    return {
        "success": True,
        "basicInfo": basic_info,
        "billToContact": contact_body(account.bill_to, account),
        "soldToContact": contact_body(account.sold_to, account),
        "shipToContact": contact_body(account.ship_to, account),
        "subscriptions": [
            {
                "id": s.id,
                "subscriptionNumber": s.subscription_number,
                "status": s.status,
                "termType": s.term_type,
                "autoRenew": s.auto_renew,
                "initialTerm": s.initial_term,
                "renewalTerm": s.renewal_term,
                "subscriptionStartDate": s.subscription_start_date,
                "termStartDate": s.term_start_date,
                "termEndDate": s.term_end_date,
                "ratePlans": [
                    {
                        "productId": p.product_id,
                        "productName": p.product_name,
                        "productSku": p.product_sku,
                        "productRatePlanId": p.product_rate_plan_id,
                        "ratePlanName": p.rate_plan_name,
                    }
                    for p in s.rate_plans
                ],
            }
            for s in summary.subscriptions
        ],
        "invoices": [
            {
                "id": i.id,
                "invoiceNumber": i.invoice_number,
                "invoiceDate": i.invoice_date,
                "dueDate": i.due_date,
                "amount": i.amount,
                "balance": i.balance,
                "status": i.status,
            }
            for i in summary.invoices
        ],
        "payments": [
            {
                "id": p.id,
                "paymentNumber": p.payment_number,
                "paymentType": p.payment_type,
                "status": p.status,
                "effectiveDate": p.effective_date,
                "paidInvoices": [
                    {
                        "invoiceId": paid.invoice_id,
                        "invoiceNumber": paid.invoice_number,
                        "appliedPaymentAmount": paid.applied_payment_amount,
                    }
                    for paid in p.paid_invoices
                ],
            }
            for p in summary.payments
        ],
        "usage": [
            {"startDate": u.start_date, "unitOfMeasure": u.unit_of_measure, "quantity": u.quantity}
            for u in summary.usage
        ],
    }
