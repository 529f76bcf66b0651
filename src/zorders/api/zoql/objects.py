"""The ZOQL objects zorders answers and their fields (Zuora's "ZOQL" and SOAP object
pages): each field's name as Zuora writes it, the engine attribute behind it, its kind,
and for enumerations the stored value -> ZOQL spelling (the SOAP/CRUD vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zorders.domain.catalog.enums import BillingTiming, ChargeModel, PriceFormat
from zorders.services.query.amendments import AMENDMENT_TYPES
from zorders.services.query.model import Kind, custom_attr

T, INT, N, B, D, DT = Kind.TEXT, Kind.INTEGER, Kind.DECIMAL, Kind.BOOLEAN, Kind.DATE, Kind.DATETIME


@dataclass(frozen=True)
class ZField:
    name: str
    attr: str
    kind: Kind
    # stored value -> ZOQL value; a value not in the map reads as stored.
    spelling: dict[str, str] = field(default_factory=dict)

    def to_wire(self, value: str) -> str:
        return self.spelling.get(value, value)

    def from_wire(self, value: str) -> str:
        for stored, wire in self.spelling.items():
            if wire == value:
                return stored
        return value


@dataclass(frozen=True)
class ZObject:
    name: str
    source: str
    fields: dict[str, ZField]
    # Whether its custom fields (`*__c`) can be read (ZQ15).
    custom: bool = False

    def field(self, name: str) -> ZField | None:
        found = self.fields.get(name.lower())
        if found is None and self.custom and name.lower().endswith("__c") and len(name) > 3:
            return ZField(name, custom_attr(name), Kind.TEXT)
        return found


def _object(name: str, source: str, *fields: ZField) -> ZObject:
    return ZObject(name, source, {f.name.lower(): f for f in fields})


def _custom(zobject: ZObject) -> ZObject:
    return ZObject(zobject.name, zobject.source, zobject.fields, custom=True)


def _f(name: str, attr: str, kind: Kind = T, spelling: dict[str, str] | None = None) -> ZField:
    return ZField(name, attr, kind, spelling or {})


_STAMPS = (_f("CreatedDate", "created_at", DT), _f("UpdatedDate", "updated_at", DT))
_CHARGE_TYPES = {"OneTime": "One-Time"}
_CHARGE_MODELS = {m.value: m.crud for m in ChargeModel}
_TIMINGS = {m.value: m.crud for m in BillingTiming}
_PRICE_FORMATS = {m.value: m.crud for m in PriceFormat}
# A rate plan's last change -> its AmendmentType.
_PLAN_CHANGES = {"Add": "NewProduct", "Update": "UpdateProduct", "Remove": "RemoveProduct"}

OBJECTS: dict[str, ZObject] = {
    o.name.lower(): o
    for o in (
        _custom(
            _object(
                "Account",
                "account",
                _f("Id", "id"),
                _f("AccountNumber", "account_number"),
                _f("Name", "name"),
                _f("Currency", "currency"),
                _f("Status", "status"),
                _f("BillCycleDay", "bill_cycle_day", INT),
                _f("PaymentTerm", "payment_term"),
                _f("AutoPay", "auto_pay", B),
                _f("Batch", "batch"),
                _f("Notes", "notes"),
                _f("CrmId", "crm_id"),
                _f("SalesRepName", "sales_rep"),
                _f("PurchaseOrderNumber", "purchase_order_number"),
                _f("CustomerServiceRepName", "customer_service_rep_name"),
                _f("DefaultPaymentMethodId", "default_payment_method_id"),
                _f("PaymentGateway", "payment_gateway"),
                _f("BillToId", "bill_to_contact_id"),
                _f("SoldToId", "sold_to_contact_id"),
                _f("Balance", "balance", N),
                _f("CreditBalance", "credit_balance", N),
                _f("TotalInvoiceBalance", "total_invoice_balance", N),
                _f("UnappliedBalance", "unapplied_payment_amount", N),
                _f("InvoiceDeliveryPrefsEmail", "invoice_delivery_prefs_email", B),
                _f("InvoiceDeliveryPrefsPrint", "invoice_delivery_prefs_print", B),
                *_STAMPS,
            )
        ),
        _custom(
            _object(
                "Contact",
                "contact",
                _f("Id", "id"),
                _f("AccountId", "account_id"),
                _f("FirstName", "first_name"),
                _f("LastName", "last_name"),
                _f("NickName", "nickname"),
                _f("Address1", "address1"),
                _f("Address2", "address2"),
                _f("City", "city"),
                _f("County", "county"),
                _f("State", "state"),
                _f("Country", "country"),
                _f("PostalCode", "zip_code"),
                _f("WorkEmail", "work_email"),
                _f("PersonalEmail", "personal_email"),
                _f("WorkPhone", "work_phone"),
                _f("HomePhone", "home_phone"),
                _f("MobilePhone", "mobile_phone"),
                _f("OtherPhone", "other_phone"),
                _f("OtherPhoneType", "other_phone_type"),
                _f("Fax", "fax"),
                _f("TaxRegion", "tax_region"),
                _f("Description", "contact_description"),
                *_STAMPS,
            )
        ),
        _custom(
            _object(
                "Subscription",
                "subscription",
                _f("Id", "id"),
                _f("Name", "number"),
                _f("Version", "version", INT),
                _f("Status", "status"),
                _f("AccountId", "account_id"),
                _f("InvoiceOwnerId", "invoice_owner_account_id"),
                _f("ContractEffectiveDate", "contract_effective_date", D),
                _f("ServiceActivationDate", "service_activation_date", D),
                _f("ContractAcceptanceDate", "customer_acceptance_date", D),
                _f("SubscriptionStartDate", "subscription_start_date", D),
                _f("CancelledDate", "cancelled_date", D),
                _f("SubscriptionEndDate", "subscription_end_date", D),
                _f("TermType", "term_type"),
                _f("TermStartDate", "term_start_date", D),
                _f("TermEndDate", "term_end_date", D),
                _f("InitialTerm", "initial_term", INT),
                _f("InitialTermPeriodType", "initial_term_period_type"),
                _f("CurrentTerm", "current_term", INT),
                _f("CurrentTermPeriodType", "current_term_period_type"),
                _f("RenewalSetting", "renewal_setting"),
                _f("AutoRenew", "auto_renew", B),
                _f("Notes", "notes"),
                _f("IsInvoiceSeparate", "invoice_separately", B),
                _f("CreatedDate", "created_at", DT),
            )
        ),
        _object(
            "RatePlan",
            "rate_plan",
            _f("Id", "id"),
            _f("Name", "name"),
            _f("ProductRatePlanId", "product_rate_plan_id"),
            _f("SubscriptionId", "subscription_id"),
            _f("AmendmentType", "last_change_type", T, _PLAN_CHANGES),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "RatePlanCharge",
            "rate_plan_charge",
            _f("Id", "id"),
            _f("OriginalId", "original_id"),
            _f("RatePlanId", "rate_plan_id"),
            _f("ChargeNumber", "number"),
            _f("ProductRatePlanChargeId", "product_rate_plan_charge_id"),
            _f("Name", "name"),
            _f("ChargeType", "charge_type", T, _CHARGE_TYPES),
            _f("ChargeModel", "charge_model", T, _CHARGE_MODELS),
            _f("TriggerEvent", "trigger_event"),
            _f("TriggerDate", "trigger_date", D),
            _f("Description", "description"),
            _f("UOM", "uom"),
            _f("BillCycleType", "bill_cycle_type"),
            _f("BillCycleDay", "bill_cycle_day", INT),
            _f("BillingPeriod", "billing_period"),
            _f("BillingTiming", "billing_timing", T, _TIMINGS),
            _f("EndDateCondition", "end_date_condition"),
            _f("UpToPeriods", "up_to_periods", INT),
            _f("ChargedThroughDate", "charged_through_date", D),
            _f("ProcessedThroughDate", "processed_through_date", D),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "RatePlanChargeTier",
            "rate_plan_charge_tier",
            _f("Id", "id"),
            _f("RatePlanChargeId", "rate_plan_charge_id"),
            _f("Currency", "currency"),
            _f("Tier", "tier", INT),
            _f("StartingUnit", "starting_unit", N),
            _f("EndingUnit", "ending_unit", N),
            _f("Price", "price", N),
            _f("PriceFormat", "price_format", T, _PRICE_FORMATS),
            _f("IsOveragePrice", "is_overage_price", B),
            _f("DiscountPercentage", "discount_percentage", N),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "Product",
            "product",
            _f("Id", "id"),
            _f("Name", "name"),
            _f("SKU", "sku"),
            _f("ProductNumber", "product_number"),
            _f("Category", "category"),
            _f("Description", "description"),
            _f("EffectiveStartDate", "effective_start_date", D),
            _f("EffectiveEndDate", "effective_end_date", D),
            _f("AllowFeatureChanges", "allow_feature_changes", B),
            *_STAMPS,
        ),
        _object(
            "ProductRatePlan",
            "product_rate_plan",
            _f("Id", "id"),
            _f("ProductId", "product_id"),
            _f("Name", "name"),
            _f("Description", "description"),
            _f("EffectiveStartDate", "effective_start_date", D),
            _f("EffectiveEndDate", "effective_end_date", D),
            _f("ProductRatePlanNumber", "product_rate_plan_number"),
            _f("Grade", "grade", INT),
            *_STAMPS,
        ),
        _object(
            "ProductRatePlanCharge",
            "product_rate_plan_charge",
            _f("Id", "id"),
            _f("ProductRatePlanId", "product_rate_plan_id"),
            _f("Name", "name"),
            _f("ChargeType", "charge_type", T, _CHARGE_TYPES),
            _f("ChargeModel", "charge_model", T, _CHARGE_MODELS),
            _f("BillCycleType", "bill_cycle_type"),
            _f("BillingPeriod", "billing_period"),
            _f("TriggerEvent", "trigger_event"),
            _f("BillingTiming", "billing_timing", T, _TIMINGS),
            _f("BillingPeriodAlignment", "billing_period_alignment"),
            _f("BillCycleDay", "bill_cycle_day", INT),
            _f("DefaultQuantity", "default_quantity", N),
            _f("MinQuantity", "min_quantity", N),
            _f("MaxQuantity", "max_quantity", N),
            _f("IncludedUnits", "included_units", N),
            _f("UOM", "uom"),
            _f("Description", "description"),
            _f("ProductRatePlanChargeNumber", "product_rate_plan_charge_number"),
            _f("Taxable", "taxable", B),
            _f("TaxCode", "tax_code"),
            _f("EndDateCondition", "end_date_condition"),
            _f("UpToPeriods", "up_to_periods", INT),
            _f("ListPriceBase", "list_price_base"),
            *_STAMPS,
        ),
        _object(
            "ProductRatePlanChargeTier",
            "product_rate_plan_charge_tier",
            _f("Id", "id"),
            _f("ProductRatePlanChargeId", "product_rate_plan_charge_id"),
            _f("Currency", "currency"),
            _f("Tier", "tier", INT),
            _f("StartingUnit", "starting_unit", N),
            _f("EndingUnit", "ending_unit", N),
            _f("Price", "price", N),
            _f("PriceFormat", "price_format", T, _PRICE_FORMATS),
            _f("IsOveragePrice", "is_overage_price", B),
            _f("DiscountPercentage", "discount_percentage", N),
        ),
        _object(
            "Invoice",
            "invoice",
            _f("Id", "id"),
            _f("AccountId", "account_id"),
            _f("InvoiceNumber", "number"),
            _f("Status", "status"),
            _f("InvoiceDate", "document_date", D),
            _f("TargetDate", "target_date", D),
            _f("Amount", "amount", N),
            _f("Balance", "balance", N),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "InvoiceItem",
            "invoice_item",
            _f("Id", "id"),
            _f("InvoiceId", "invoice_id"),
            _f("SubscriptionNumber", "subscription_number"),
            _f("ChargeNumber", "charge_number"),
            _f("ServiceStartDate", "service_start", D),
            _f("ChargeAmount", "amount", N),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "CreditMemo",
            "credit_memo",
            _f("Id", "id"),
            _f("AccountId", "account_id"),
            _f("MemoNumber", "number"),
            _f("Status", "status"),
            _f("MemoDate", "document_date", D),
            _f("TargetDate", "target_date", D),
            _f("TotalAmount", "amount", N),
            _f("Balance", "balance", N),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "Payment",
            "payment",
            _f("Id", "id"),
            _f("AccountId", "account_id"),
            _f("PaymentNumber", "number"),
            _f("Type", "type"),
            _f("Status", "status"),
            _f("Amount", "amount", N),
            _f("EffectiveDate", "effective_date", D),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "InvoicePayment",
            "invoice_payment",
            _f("Id", "id"),
            _f("PaymentId", "payment_id"),
            _f("InvoiceId", "invoice_id"),
            _f("Amount", "amount", N),
            _f("CreatedDate", "created_at", DT),
        ),
        _object(
            "PaymentMethod",
            "payment_method",
            _f("Id", "id"),
            _f("AccountId", "account_id"),
            _f("Type", "type"),
            _f("CreatedDate", "created_at", DT),
        ),
        _custom(
            _object(
                "Order",
                "order",
                _f("Id", "id"),
                _f("OrderNumber", "number"),
                _f("AccountId", "account_id"),
                _f("Status", "status"),
                _f("OrderDate", "order_date", D),
                _f("Category", "category"),
                _f("Description", "description"),
                _f("CreatedById", "created_by"),
                *_STAMPS,
            )
        ),
        _object(
            "Amendment",
            "amendment",
            _f("Id", "id"),
            _f("Type", "type", T, AMENDMENT_TYPES),
            _f("Name", "name"),
            _f("Code", "code"),
            _f("Status", "status"),
            _f("Description", "description"),
            _f("SubscriptionId", "subscription_id"),
            _f("EffectiveDate", "effective_date", D),
            _f("ContractEffectiveDate", "contract_effective_date", D),
            _f("ServiceActivationDate", "service_activation_date", D),
            _f("CustomerAcceptanceDate", "customer_acceptance_date", D),
            *_STAMPS,
        ),
    )
}
