"""One item of `POST /v1/action/subscribe` (Zuora's Actions family, PascalCase) read into the
`POST /v1/orders` body it means: a new account and one CreateSubscription (decision SU5).
One translator, so a subscribe goes through exactly the order path and reads the same.

Fields zorders does not act upon are refused by name (`INVALID_FIELD`), never ignored,
except those listed in `_IGNORED` (outputs that clients copy from Zuora's samples)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zorders.api.schemas.payment_method_crud import v1_body
from zorders.domain.catalog.enums import ChargeModel, ChargeType
from zorders.domain.errors import DomainError, ErrorCode

Body = Mapping[str, Any]


@dataclass(frozen=True)
class Lookups:
    """What the translation reads from the tenant's data."""

    # ProductRatePlanChargeId -> (charge type, charge model), or None when unknown.
    charge_kind: Callable[[str], tuple[ChargeType, ChargeModel] | None]
    # An existing account's id -> its AutoPay flag, or None when there is no such account.
    auto_pay: Callable[[str], bool | None]


_ITEM_KEYS = {
    "Account",
    "BillToContact",
    "SoldToContact",
    "PaymentMethod",
    "SubscriptionData",
    "SubscribeOptions",
    "PreviewOptions",
}
# Account (SOAP object) -> newAccount.
_ACCOUNT = {
    "Name": "name",
    "Currency": "currency",
    "AccountNumber": "accountNumber",
    "BillCycleDay": "billCycleDay",
    "AutoPay": "autoPay",
    "PaymentTerm": "paymentTerm",
    "Batch": "batch",
    "CrmId": "crmId",
    "Notes": "notes",
    "PurchaseOrderNumber": "purchaseOrderNumber",
    "SalesRepName": "salesRep",
    "CustomerServiceRepName": "customerServiceRepName",
    "InvoiceDeliveryPrefsEmail": "invoiceDeliveryPrefsEmail",
    "InvoiceDeliveryPrefsPrint": "invoiceDeliveryPrefsPrint",
    "AdditionalEmailAddresses": "additionalEmailAddresses",
    "PaymentGateway": "paymentGateway",
}
# Contact (SOAP object) -> a v1 contact.
_CONTACT = {
    "FirstName": "firstName",
    "LastName": "lastName",
    "NickName": "nickname",
    "Address1": "address1",
    "Address2": "address2",
    "City": "city",
    "County": "county",
    "State": "state",
    "Country": "country",
    "PostalCode": "postalCode",
    "WorkEmail": "workEmail",
    "PersonalEmail": "personalEmail",
    "WorkPhone": "workPhone",
    "HomePhone": "homePhone",
    "MobilePhone": "mobilePhone",
    "OtherPhone": "otherPhone",
    "OtherPhoneType": "otherPhoneType",
    "Fax": "fax",
    "TaxRegion": "taxRegion",
    "Description": "contactDescription",
}
_SUBSCRIPTION = {
    "Name",
    "ContractEffectiveDate",
    "ServiceActivationDate",
    "ContractAcceptanceDate",
    "TermStartDate",
    "TermType",
    "InitialTerm",
    "InitialTermPeriodType",
    "RenewalTerm",
    "RenewalTermPeriodType",
    "RenewalSetting",
    "AutoRenew",
    "Notes",
    "IsInvoiceSeparate",
    "InvoiceSeparately",
}
_CHARGE = {"ProductRatePlanChargeId", "Quantity", "Price", "Description"}
_OPTIONS = {"GenerateInvoice", "ProcessPayments", "SubscribeInvoiceProcessingOptions"}
_PROCESSING = {"InvoiceProcessingScope", "InvoiceTargetDate", "InvoiceDate"}
# Output fields a client may send back unchanged (Zuora sets them itself).
_IGNORED = {"Account": {"Status"}, "Subscription": {"Status"}}
_PREFIX = {ChargeType.RECURRING: "recurring", ChargeType.ONE_TIME: "oneTime",
           ChargeType.USAGE: "usage"}  # fmt: skip
_DISCOUNTS = {ChargeModel.DISCOUNT_FIXED_AMOUNT, ChargeModel.DISCOUNT_PERCENTAGE}


@dataclass(frozen=True)
class SubscribeOrder:
    """What one subscribe item asks for, in the Orders family's words."""

    order: dict[str, Any]
    # None when the item names an existing account (`Account.Id`).
    new_account: dict[str, Any] | None
    # `PreviewOptions` when `EnablePreviewMode` is true (SU9), else None.
    preview: dict[str, Any] | None


def _object(value: Any, where: str, *, required: bool = False) -> dict[str, Any]:
    if value is None:
        if required:
            raise DomainError(ErrorCode.MISSING_FIELD, f"'{where}' may not be null", where)
        return {}
    if not isinstance(value, Mapping):
        raise DomainError(ErrorCode.INVALID_VALUE, f"'{where}' must be an object.", where)
    return dict(value)


def _known(body: Body, allowed: set[str], where: str) -> None:
    ignored = _IGNORED.get(where.rsplit(".", 1)[-1], set())
    for key in body:
        if key not in allowed and key not in ignored and not key.endswith("__c"):
            field = f"{where}.{key}"
            raise DomainError(
                ErrorCode.UNKNOWN_FIELD, f"'{field}' is not a recognized field", field
            )


def _renamed(body: Body, table: Mapping[str, str], where: str) -> dict[str, Any]:
    _known(body, set(table), where)
    out = {table[k]: v for k, v in body.items() if k in table and v is not None}
    out.update({k: v for k, v in body.items() if k.endswith("__c")})
    return out


def _existing(item: Body) -> str | None:
    """`Account: {Id}`: subscribe an existing account (Zuora merged subscribeWithExistingAccount
    into subscribe); nothing else of an account may come with it."""
    account = _object(item.get("Account"), "Account", required=True)
    account_id = account.get("Id")
    if account_id is None:
        return None
    if not isinstance(account_id, str) or not account_id:
        raise DomainError(ErrorCode.INVALID_VALUE, "'Account.Id' must be a string", "Account.Id")
    for key in account:
        if key not in ("Id", "Status"):
            field = f"Account.{key}"
            raise DomainError(
                ErrorCode.UNKNOWN_FIELD,
                f"'{field}' is not taken with an existing account (Account.Id)",
                field,
            )
    for key in ("BillToContact", "SoldToContact", "PaymentMethod"):
        if item.get(key) is not None:
            raise DomainError(
                ErrorCode.UNKNOWN_FIELD,
                f"'{key}' is not taken with an existing account (Account.Id)",
                key,
            )
    return account_id


def _account(item: Body) -> dict[str, Any]:
    account = _renamed(_object(item.get("Account"), "Account", required=True), _ACCOUNT, "Account")
    bill_to = _object(item.get("BillToContact"), "BillToContact", required=True)
    account["billToContact"] = _renamed(bill_to, _CONTACT, "BillToContact")
    if item.get("SoldToContact") is not None:
        sold_to = _object(item["SoldToContact"], "SoldToContact")
        account["soldToContact"] = _renamed(sold_to, _CONTACT, "SoldToContact")
    if item.get("PaymentMethod") is not None:
        method = v1_body(_object(item["PaymentMethod"], "PaymentMethod"), reject_unknown=True)
        method.pop("accountKey", None)  # the new account is the method's
        account["paymentMethod"] = method
    return account


def _pricing(charge: Body, kind: tuple[ChargeType, ChargeModel] | None) -> dict[str, Any] | None:
    block = {
        wire: charge[key]
        for key, wire in (("Quantity", "quantity"), ("Price", "listPrice"))
        if charge.get(key) is not None
    }
    if not block:
        return None
    if kind is None:  # an unknown charge: the order refuses it by its id
        return {"recurringPerUnit": block}
    charge_type, model = kind
    if model in _DISCOUNTS:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            "'RatePlanCharge.Price' and 'Quantity' do not apply to a discount charge.",
            "RatePlanCharge",
        )
    name = model.value
    return {_PREFIX[charge_type] + name: block}


def _rate_plan(plan: Body, where: str, kinds: Lookups) -> dict[str, Any]:
    _known(plan, {"RatePlan", "RatePlanChargeData"}, where)
    rate_plan = _object(plan.get("RatePlan"), f"{where}.RatePlan", required=True)
    _known(rate_plan, {"ProductRatePlanId"}, f"{where}.RatePlan")
    plan_id = rate_plan.get("ProductRatePlanId")
    if not isinstance(plan_id, str) or not plan_id:
        field = f"{where}.RatePlan.ProductRatePlanId"
        raise DomainError(ErrorCode.MISSING_FIELD, f"'{field}' may not be null", field)
    overrides = []
    for i, data in enumerate(plan.get("RatePlanChargeData") or ()):
        here = f"{where}.RatePlanChargeData[{i}]"
        data = _object(data, here)
        _known(data, {"RatePlanCharge"}, here)
        charge = _object(data.get("RatePlanCharge"), f"{here}.RatePlanCharge", required=True)
        _known(charge, _CHARGE, f"{here}.RatePlanCharge")
        charge_id = charge.get("ProductRatePlanChargeId")
        if not isinstance(charge_id, str) or not charge_id:
            field = f"{here}.RatePlanCharge.ProductRatePlanChargeId"
            raise DomainError(ErrorCode.MISSING_FIELD, f"'{field}' may not be null", field)
        override: dict[str, Any] = {"productRatePlanChargeId": charge_id}
        pricing = _pricing(charge, kinds.charge_kind(charge_id))
        if pricing:
            override["pricing"] = pricing
        if charge.get("Description") is not None:
            override["description"] = charge["Description"]
        custom = {k: v for k, v in charge.items() if k.endswith("__c")}
        if custom:
            override["customFields"] = custom
        overrides.append(override)
    out: dict[str, Any] = {"productRatePlanId": plan_id}
    if overrides:
        out["chargeOverrides"] = overrides
    return out


def _terms(sub: Body) -> dict[str, Any]:
    term_type = sub.get("TermType")
    if term_type is None:
        raise DomainError(
            ErrorCode.MISSING_FIELD, "'Subscription.TermType' may not be null", "TermType"
        )
    initial: dict[str, Any] = {"termType": term_type}
    if sub.get("TermStartDate") is not None:
        initial["startDate"] = sub["TermStartDate"]
    terms: dict[str, Any] = {"initialTerm": initial, "autoRenew": bool(sub.get("AutoRenew"))}
    if term_type == "TERMED":
        initial["period"] = sub.get("InitialTerm")
        initial["periodType"] = sub.get("InitialTermPeriodType") or "Month"
        if sub.get("RenewalTerm") is not None:
            terms["renewalTerms"] = [
                {"period": sub["RenewalTerm"],
                 "periodType": sub.get("RenewalTermPeriodType") or "Month"}
            ]  # fmt: skip
        terms["renewalSetting"] = sub.get("RenewalSetting") or "RENEW_WITH_SPECIFIC_TERM"
    return terms


def _create_subscription(data: Body, kinds: Lookups) -> tuple[dict[str, Any], Any]:
    _known(data, {"Subscription", "RatePlanData"}, "SubscriptionData")
    sub = _object(data.get("Subscription"), "SubscriptionData.Subscription", required=True)
    _known(sub, _SUBSCRIPTION, "Subscription")
    effective = sub.get("ContractEffectiveDate")
    if effective is None:
        field = "Subscription.ContractEffectiveDate"
        raise DomainError(ErrorCode.MISSING_FIELD, f"'{field}' may not be null", field)
    plans = data.get("RatePlanData") or ()
    if not isinstance(plans, list | tuple) or not plans:
        field = "SubscriptionData.RatePlanData"
        raise DomainError(ErrorCode.MISSING_FIELD, f"'{field}' may not be null", field)
    create: dict[str, Any] = {
        "terms": _terms(sub),
        "subscribeToRatePlans": [
            _rate_plan(_object(p, f"RatePlanData[{i}]"), f"RatePlanData[{i}]", kinds)
            for i, p in enumerate(plans)
        ],
    }
    if sub.get("Name") is not None:
        create["subscriptionNumber"] = sub["Name"]
    if sub.get("Notes") is not None:
        create["notes"] = sub["Notes"]
    separate = sub.get("IsInvoiceSeparate", sub.get("InvoiceSeparately"))
    if separate is not None:
        create["invoiceSeparately"] = separate
    dates = [{"name": "ContractEffective", "triggerDate": effective}]
    for key, name in (
        ("ServiceActivationDate", "ServiceActivation"),
        ("ContractAcceptanceDate", "CustomerAcceptance"),
    ):
        if sub.get(key) is not None:
            dates.append({"name": name, "triggerDate": sub[key]})
    action = {"type": "CreateSubscription", "triggerDates": dates, "createSubscription": create}
    subscription: dict[str, Any] = {"orderActions": [action]}
    custom = {k: v for k, v in sub.items() if k.endswith("__c")}
    if custom:
        subscription["customFields"] = custom
    return subscription, effective


def _processing(item: Body, auto_pay: bool, today: date) -> dict[str, Any]:
    """SubscribeOptions: Zuora invoices at once with today as the target date and collects
    when the account is AutoPay, unless told otherwise (`GenerateInvoice`,
    `ProcessPayments`)."""
    options = _object(item.get("SubscribeOptions"), "SubscribeOptions")
    _known(options, _OPTIONS, "SubscribeOptions")
    scope = _object(
        options.get("SubscribeInvoiceProcessingOptions"),
        "SubscribeOptions.SubscribeInvoiceProcessingOptions",
    )
    _known(scope, _PROCESSING, "SubscribeInvoiceProcessingOptions")
    if scope.get("InvoiceProcessingScope") not in (None, "Account", "Subscription"):
        field = "InvoiceProcessingScope"
        raise DomainError(
            ErrorCode.INVALID_VALUE, f"'{field}' value should be one of: Account, Subscription",
            field,
        )  # fmt: skip
    generate = options.get("GenerateInvoice", True)
    process = options.get("ProcessPayments", True)
    for name, value in (("GenerateInvoice", generate), ("ProcessPayments", process)):
        if not isinstance(value, bool):
            field = f"SubscribeOptions.{name}"
            raise DomainError(ErrorCode.INVALID_VALUE, f"'{field}' must be a boolean", field)
    if not generate:
        return {}
    billing: dict[str, Any] = {"targetDate": scope.get("InvoiceTargetDate") or today.isoformat()}
    if scope.get("InvoiceDate") is not None:
        billing["documentDate"] = scope["InvoiceDate"]
    return {
        "runBilling": True,
        "billingOptions": billing,
        "collectPayment": bool(process and auto_pay),
    }


def subscribe_order(item: Any, today: date, lookups: Lookups) -> SubscribeOrder:
    body = _object(item, "subscribes[]", required=True)
    _known(body, _ITEM_KEYS, "subscribes[]")
    preview = _object(body.get("PreviewOptions"), "PreviewOptions")
    _known(preview, {"EnablePreviewMode", "NumberOfPeriods", "PreviewThroughTermEnd"},
           "PreviewOptions")  # fmt: skip
    existing = _existing(body)
    account = None if existing is not None else _account(body)
    subscription, effective = _create_subscription(
        _object(body.get("SubscriptionData"), "SubscriptionData", required=True), lookups
    )
    order: dict[str, Any] = {
        # The subscribe call has no order date: the contract effective date is the day the
        # subscription is booked (SU5).
        "orderDate": effective,
        "subscriptions": [subscription],
    }
    if existing is not None:
        order["existingAccountNumber"] = existing  # an id or a number: the order takes both
        auto_pay = lookups.auto_pay(existing) is True
    else:
        assert account is not None
        auto_pay = account.get("autoPay") is True
    processing = _processing(body, auto_pay, today)
    if processing:
        order["processingOptions"] = processing
    enabled = preview.get("EnablePreviewMode")
    if enabled is not None and not isinstance(enabled, bool):
        field = "PreviewOptions.EnablePreviewMode"
        raise DomainError(ErrorCode.INVALID_VALUE, f"'{field}' must be a boolean", field)
    return SubscribeOrder(order, account, preview=preview if enabled else None)
