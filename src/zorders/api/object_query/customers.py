"""Object Query accounts, contacts and subscriptions (the official client's
`ExpandedAccount`, `ExpandedContact`, `ExpandedSubscription`): the fields zorders knows,
read from the domain objects of the page's rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zorders.api.object_query.methods import METHOD_FIELDS, method_view
from zorders.api.object_query.objects import ObjectSpec, custom, resource, view
from zorders.api.object_query.rate_plans import RATE_PLAN_FIELDS, rate_plans_view
from zorders.api.selection.query import Kind, Query
from zorders.domain.accounts import Account, Contact
from zorders.domain.subscription.model import Subscription
from zorders.services import object_query
from zorders.services.context import CommandContext
from zorders.services.ports.object_rows import RowCondition, RowOrder, RowQuery
from zorders.services.ports.unit_of_work import UnitOfWork

# -- contacts ----------------------------------------------------------------------------------

CONTACT_FIELDS = (
    "id", "accountId", "firstName", "lastName", "nickName", "address1", "address2", "city",
    "county", "state", "country", "postalCode", "workEmail", "personalEmail", "workPhone",
    "homePhone", "mobilePhone", "otherPhone", "otherPhoneType", "fax", "taxRegion",
    "description",
)  # fmt: skip

_CONTACT_COLUMNS = {
    "id": "id",
    "accountId": "account_id",
    "firstName": "first_name",
    "lastName": "last_name",
    "city": "city",
    "state": "state",
    "country": "country",
    "postalCode": "zip_code",
    "workEmail": "work_email",
    "createdDate": "created_at",
    "updatedDate": "updated_at",
}


def contact_view(contact: Contact) -> dict[str, Any]:
    i = contact.info
    return {
        **view(
            id=contact.id,
            accountId=contact.account_id,
            firstName=i.first_name,
            lastName=i.last_name,
            nickName=i.nickname,
            address1=i.address1,
            address2=i.address2,
            city=i.city,
            county=i.county,
            state=i.state,
            country=i.country,
            postalCode=i.zip_code,
            workEmail=i.work_email,
            personalEmail=i.personal_email,
            workPhone=i.work_phone,
            homePhone=i.home_phone,
            mobilePhone=i.mobile_phone,
            otherPhone=i.other_phone,
            otherPhoneType=i.other_phone_type,
            fax=i.fax,
            taxRegion=i.tax_region,
            description=i.contact_description,
        ),
        **custom(i.custom_fields),
    }


def _load_contacts(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        contact = uow.accounts.get_contact(ctx.tenant_id, row["id"])
        assert contact is not None, "a contact just paged is stored"
        out.append(contact_view(contact))
    return out


CONTACTS = ObjectSpec(
    path="contacts",
    singular="contact",
    table="contacts",
    resource=resource(
        "contacts",
        CONTACT_FIELDS,
        {f: Kind.DATETIME if f.endswith("Date") else Kind.STRING for f in _CONTACT_COLUMNS},
    ),
    columns=_CONTACT_COLUMNS,
    keys=("id",),
    load=_load_contacts,
)

# -- subscriptions -----------------------------------------------------------------------------

SUBSCRIPTION_FIELDS = (
    "id", "name", "version", "accountId", "invoiceOwnerId", "currency", "status",
    "isLatestVersion", "termType", "termStartDate", "termEndDate", "subscriptionStartDate",
    "subscriptionEndDate", "contractEffectiveDate", "serviceActivationDate",
    "contractAcceptanceDate", "autoRenew", "initialTerm", "initialTermPeriodType",
    "currentTerm", "currentTermPeriodType", "renewalTerm", "renewalTermPeriodType",
    "renewalSetting", "isInvoiceSeparate", "notes", "cancelledDate", "cancelReason",
    "externallyManagedBy", "createdDate",
)  # fmt: skip

_SUBSCRIPTION_COLUMNS = {
    "id": "id",
    "name": "number",
    "version": "version",
    "accountId": "account_id",
    "invoiceOwnerId": "invoice_owner_account_id",
    "currency": "currency",
    "createdDate": "created_at",
}
_SUBSCRIPTION_KINDS = {
    "id": Kind.STRING,
    "name": Kind.STRING,
    "version": Kind.INTEGER,
    "accountId": Kind.STRING,
    "invoiceOwnerId": Kind.STRING,
    "currency": Kind.STRING,
    "createdDate": Kind.DATETIME,
}


# Zuora's nested expansion: the rate plans, each with its charges.
_PLAN_CHARGES = "ratePlans.ratePlanCharges"


def latest_versions(uow: UnitOfWork, ctx: CommandContext, numbers: Sequence[str]) -> dict[str, int]:
    """The latest version of each subscription, in one query (no version is decoded)."""
    if not numbers:
        return {}
    found = object_query.page_rows(
        uow,
        ctx,
        RowQuery(
            table="subscriptions",
            conditions=(RowCondition("number", "IN", tuple(set(numbers))),),
            columns=("number", "latest_version"),
            limit=len(numbers),
        ),
    )
    return {row["number"]: row["latest_version"] for row in found.rows}


def subscription_view(
    s: Subscription, ctx: CommandContext, created: Any, latest: Mapping[str, int]
) -> dict[str, Any]:
    t = s.terms
    renewal = t.renewal_terms[0] if t.renewal_terms else None
    return {
        **view(
            id=s.id,
            name=s.number,
            version=s.version,
            accountId=s.account_id,
            invoiceOwnerId=s.invoice_owner_account_id,
            currency=s.currency,
            status=s.status_on(ctx.today),
            isLatestVersion=latest.get(s.number) == s.version,
            termType=t.term_type,
            termStartDate=t.term_start_date,
            termEndDate=t.term_end_date,
            subscriptionStartDate=s.subscription_start_date,
            subscriptionEndDate=t.term_end_date,
            contractEffectiveDate=s.contract_effective_date,
            serviceActivationDate=s.service_activation_date,
            contractAcceptanceDate=s.customer_acceptance_date,
            autoRenew=t.auto_renew,
            initialTerm=t.initial_term.period if t.initial_term else None,
            initialTermPeriodType=t.initial_term.period_type if t.initial_term else None,
            currentTerm=t.current_term.period if t.current_term else None,
            currentTermPeriodType=t.current_term.period_type if t.current_term else None,
            renewalTerm=renewal.period if renewal else None,
            renewalTermPeriodType=renewal.period_type if renewal else None,
            renewalSetting=t.renewal_setting,
            isInvoiceSeparate=s.invoice_separately,
            notes=s.notes,
            cancelledDate=s.cancelled_date,
            cancelReason=s.cancel_reason,
            externallyManagedBy=s.externally_managed_by,
            createdDate=created,
        ),
        **custom(s.custom_fields),
    }


def _load_subscriptions(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    versions = []
    for row in rows:
        s = uow.subscriptions.by_id(ctx.tenant_id, row["id"])
        assert s is not None, "a subscription version just paged is stored"
        versions.append(s)
    latest = latest_versions(uow, ctx, [s.number for s in versions])
    for s in versions:
        one = subscription_view(s, ctx, uow.subscriptions.created_at(ctx.tenant_id, s.id), latest)
        if query.expands("account"):
            account = uow.accounts.get(ctx.tenant_id, s.account_id)
            one["account"] = account_view(account) if account else None
        nested = query.expands(_PLAN_CHARGES)
        if nested or query.expands("ratePlans"):
            one["ratePlans"] = rate_plans_view(
                s, ctx.today, charges=nested, created=one.get("createdDate")
            )
        out.append(one)
    return out


# -- accounts ----------------------------------------------------------------------------------

ACCOUNT_FIELDS = (
    "id", "accountNumber", "name", "currency", "status", "billCycleDay", "bcdSettingOption",
    "paymentTerm", "autoPay", "batch", "invoiceDeliveryPrefsEmail", "invoiceDeliveryPrefsPrint",
    "additionalEmailAddresses", "notes", "crmId", "salesRepName", "purchaseOrderNumber",
    "customerServiceRepName", "defaultPaymentMethodId", "paymentGateway", "billToId",
    "soldToId", "shipToId", "balance", "creditBalance", "totalInvoiceBalance",
    "totalDebitMemoBalance", "unappliedBalance", "unappliedCreditMemoAmount", "mrr",
    "reservedPaymentAmount", "createdDate", "updatedDate",
)  # fmt: skip

_ACCOUNT_COLUMNS = {
    "id": "id",
    "accountNumber": "account_number",
    "name": "name",
    "currency": "currency",
    "status": "status",
    "billCycleDay": "bill_cycle_day",
    "autoPay": "auto_pay",
    "batch": "batch",
    "crmId": "crm_id",
    "purchaseOrderNumber": "purchase_order_number",
    "billToId": "bill_to_contact_id",
    "soldToId": "sold_to_contact_id",
    "shipToId": "ship_to_contact_id",
    "defaultPaymentMethodId": "default_payment_method_id",
    "balance": "balance",
    "creditBalance": "credit_balance",
    "totalInvoiceBalance": "total_invoice_balance",
    "mrr": "contracted_mrr",
    "createdDate": "created_at",
    "updatedDate": "updated_at",
}
_ACCOUNT_KINDS = {
    **{f: Kind.STRING for f in _ACCOUNT_COLUMNS},
    "billCycleDay": Kind.INTEGER,
    "autoPay": Kind.BOOLEAN,
    "balance": Kind.NUMBER,
    "creditBalance": Kind.NUMBER,
    "totalInvoiceBalance": Kind.NUMBER,
    "mrr": Kind.NUMBER,
    "createdDate": Kind.DATETIME,
    "updatedDate": Kind.DATETIME,
}


def account_view(a: Account) -> dict[str, Any]:
    m = a.metrics
    return {
        **view(
            id=a.id,
            accountNumber=a.account_number,
            name=a.name,
            currency=a.currency,
            status=a.status,
            billCycleDay=a.bill_cycle_day,
            bcdSettingOption=a.bcd_setting_option,
            paymentTerm=a.payment_term,
            autoPay=a.auto_pay,
            batch=a.batch,
            invoiceDeliveryPrefsEmail=a.invoice_delivery_prefs_email,
            invoiceDeliveryPrefsPrint=a.invoice_delivery_prefs_print,
            additionalEmailAddresses=",".join(a.additional_email_addresses) or None,
            notes=a.notes,
            crmId=a.crm_id,
            salesRepName=a.sales_rep,
            purchaseOrderNumber=a.purchase_order_number,
            customerServiceRepName=a.customer_service_rep_name,
            defaultPaymentMethodId=a.default_payment_method_id,
            paymentGateway=a.payment_gateway,
            billToId=a.bill_to.id,
            soldToId=a.sold_to.id,
            shipToId=a.ship_to.id,
            balance=m.balance,
            creditBalance=m.credit_balance,
            totalInvoiceBalance=m.total_invoice_balance,
            totalDebitMemoBalance=m.total_debit_memo_balance,
            unappliedBalance=m.unapplied_payment_amount,
            unappliedCreditMemoAmount=m.unapplied_credit_memo_amount,
            mrr=m.contracted_mrr,
            reservedPaymentAmount=m.reserved_payment_amount,
            createdDate=a.created_at,
            updatedDate=a.updated_at,
        ),
        **custom(a.custom_fields),
    }


# Zuora caps the lists inside an object at 300 rows (spec §1.10).
_NESTED_LIMIT = 300


def _load_accounts(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        account = uow.accounts.get(ctx.tenant_id, row["id"])
        assert account is not None, "an account just paged is stored"
        one = account_view(account)
        for key, contact in (
            ("billTo", account.bill_to),
            ("soldTo", account.sold_to),
            ("shipTo", account.ship_to),
        ):
            if query.expands(key):
                one[key] = contact_view(contact)
        if query.expands("subscriptions"):
            versions = uow.subscriptions.latest_for_account(
                ctx.tenant_id, account.id, offset=0, limit=_NESTED_LIMIT
            )
            latest = {s.number: s.version for s in versions}  # they are the latest
            one["subscriptions"] = [
                subscription_view(s, ctx, uow.subscriptions.created_at(ctx.tenant_id, s.id), latest)
                for s in versions
            ]
        if query.expands("paymentMethods"):
            methods = uow.payments.methods_of_account(ctx.tenant_id, account.id)
            one["paymentMethods"] = [method_view(m) for m in methods[:_NESTED_LIMIT]]
        out.append(one)
    return out


ACCOUNTS = ObjectSpec(
    path="accounts",
    singular="account",
    table="accounts",
    resource=resource(
        "accounts",
        ACCOUNT_FIELDS,
        _ACCOUNT_KINDS,
        related={
            "billTo": CONTACT_FIELDS,
            "soldTo": CONTACT_FIELDS,
            "shipTo": CONTACT_FIELDS,
            "subscriptions": SUBSCRIPTION_FIELDS,
            "paymentMethods": METHOD_FIELDS,
        },
        expandable=("billTo", "soldTo", "shipTo", "subscriptions", "paymentMethods"),
    ),
    columns=_ACCOUNT_COLUMNS,
    keys=("id", "account_number"),
    load=_load_accounts,
)

SUBSCRIPTIONS = ObjectSpec(
    path="subscriptions",
    singular="subscription",
    table="subscription_versions",
    resource=resource(
        "subscriptions",
        SUBSCRIPTION_FIELDS,
        _SUBSCRIPTION_KINDS,
        related={"account": ACCOUNT_FIELDS, "ratePlans": RATE_PLAN_FIELDS},
        expandable=("account", "ratePlans", _PLAN_CHARGES),
    ),
    columns=_SUBSCRIPTION_COLUMNS,
    keys=("id", "number"),
    load=_load_subscriptions,
    key_order=(RowOrder("version", True),),
)
