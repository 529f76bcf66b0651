"""From a create-order request body (camelCase JSON, shape-checked by the API) to domain
order actions, resolving what the body names: catalog plans and charges, accounts.

The body is read as stored (dates and amounts may be strings), because Draft and
Scheduled orders keep their body and execute it later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    PriceFormat,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_term
from zorders.domain.orders.actions import (
    ActionPayload,
    AddProduct,
    BillingOverride,
    CancellationPolicy,
    CancelSubscription,
    CatalogPlan,
    ChangePlan,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    ChargeOverride,
    ChargeRef,
    ChargeUpdate,
    CreateSubscription,
    InitialTerms,
    LastTerm,
    NewRatePlan,
    OrderAction,
    OrderActionType,
    OwnerTransfer,
    PricingOverride,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    Resume,
    ResumePolicy,
    Suspend,
    SuspendPolicy,
    TermsAndConditions,
    TriggerDates,
    UpdateProduct,
)
from zorders.domain.subscription.model import (
    RenewalSetting,
    Subscription,
    TermLength,
    TermType,
    TriggerEvent,
)
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

Body = Mapping[str, Any]


def day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _enum(cls: Any, value: Any) -> Any:
    return None if value is None else cls(value)


class RequestReader:
    """Resolves the names in one order body; catalog plans are looked up once."""

    def __init__(self, uow: UnitOfWork, ctx: CommandContext, order_date: date) -> None:
        self.uow = uow
        self.ctx = ctx
        self.order_date = order_date
        self._plans: dict[str, CatalogPlan] = {}

    # -- references ----------------------------------------------------------------------

    def account_id(self, number: str, field: str) -> str:
        try:
            return find_account(self.uow, self.ctx.tenant_id, number).id
        except DomainError:
            raise DomainError(
                ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER,
                f"Account '{number}' does not exist.",
                field,
            ) from None

    def catalog_plan(self, body: Body) -> CatalogPlan:
        plan_id = body.get("productRatePlanId")
        number = body.get("productRatePlanNumber")
        key = plan_id or number
        if not key:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'productRatePlanId' may not be null",
                "productRatePlanId",
            )
        if key in self._plans:
            return self._plans[key]
        catalog = self.uow.catalog
        plan = (
            catalog.get_plan(self.ctx.tenant_id, plan_id)
            if plan_id
            else catalog.find_plan_by_number(self.ctx.tenant_id, str(number))
        )
        product = catalog.get_product(self.ctx.tenant_id, plan.product_id) if plan else None
        if plan is None or product is None:
            raise DomainError(
                ErrorCode.CATALOG_REFERENCE_NOT_FOUND,
                f"Product rate plan '{key}' does not exist.",
                "productRatePlanId" if plan_id else "productRatePlanNumber",
            )
        resolved = CatalogPlan(
            product, plan, tuple(catalog.list_charges(self.ctx.tenant_id, [plan.id]))
        )
        self._plans[key] = resolved
        return resolved

    # -- blocks ----------------------------------------------------------------------------

    def trigger_dates(self, rows: Sequence[Body] | None) -> TriggerDates:
        by_name = {r.get("name"): day(r.get("triggerDate")) for r in rows or ()}
        return TriggerDates(
            contract_effective=by_name.get("ContractEffective") or self.order_date,
            service_activation=by_name.get("ServiceActivation"),
            customer_acceptance=by_name.get("CustomerAcceptance"),
        )

    def pricing(self, block: Body | None) -> PricingOverride | None:
        """One model-specific block (`recurringPerUnit`, `discount`, ...) of `pricing`."""
        if not block:
            return None
        chosen = [v for v in block.values() if isinstance(v, Mapping)]
        if len(chosen) != 1:
            raise DomainError(
                ErrorCode.INVALID_PRICING_OVERRIDE,
                "'pricing' takes exactly one block, such as recurringPerUnit or discount.",
                "pricing",
            )
        p = chosen[0]
        tiers = p.get("tiers")
        return PricingOverride(
            quantity=amount(p.get("quantity")),
            list_price=amount(p.get("listPrice")),
            tiers=None if tiers is None else tuple(self.tier(t, i) for i, t in enumerate(tiers)),
            included_units=amount(p.get("includedUnits")),
            overage_price=amount(p.get("overagePrice")),
            discount_percentage=amount(p.get("discountPercentage")),
            discount_amount=amount(p.get("discountAmount")),
            list_price_base=_enum(ListPriceBase, p.get("listPriceBase")),
            specific_list_price_base=p.get("specificListPriceBase"),
            apply_discount_to=_enum(ApplyDiscountTo, p.get("applyDiscountTo")),
            discount_level=_enum(DiscountLevel, p.get("discountLevel")),
        )

    def tier(self, body: Body, index: int) -> ChargeTier:
        ending = amount(body.get("endingUnit"))
        return ChargeTier(
            currency="",
            tier=int(body.get("tier") or index + 1),
            price=amount(body.get("price")) or Decimal(0),
            price_format=PriceFormat(body.get("priceFormat") or "PerUnit"),
            starting_unit=amount(body.get("startingUnit")),
            # `endingUnit: -1` (or absent) is an open last tier.
            ending_unit=None if ending is not None and ending < 0 else ending,
        )

    def charge_override(self, body: Body) -> ChargeOverride:
        billing = body.get("billing") or {}
        start = body.get("startDate") or {}
        end = body.get("endDate") or {}
        return ChargeOverride(
            product_rate_plan_charge_id=str(body.get("productRatePlanChargeId") or ""),
            charge_number=body.get("chargeNumber"),
            unique_token=body.get("uniqueToken"),
            description=body.get("description"),
            custom_fields=dict(body.get("customFields") or {}),
            billing=BillingOverride(
                bill_cycle_day=billing.get("billCycleDay"),
                bill_cycle_type=_enum(BillCycleType, billing.get("billCycleType")),
                billing_period=_enum(BillingPeriod, billing.get("billingPeriod")),
                billing_period_alignment=_enum(
                    BillingPeriodAlignment, billing.get("billingPeriodAlignment")
                ),
                billing_timing=_enum(BillingTiming, billing.get("billingTiming")),
                specific_billing_period=billing.get("specificBillingPeriod"),
                weekly_bill_cycle_day=_enum(WeeklyBillCycleDay, billing.get("weeklyBillCycleDay")),
            ),
            trigger_event=_enum(TriggerEvent, start.get("triggerEvent")),
            specific_trigger_date=day(start.get("specificTriggerDate")),
            end_date_condition=_end_condition(end.get("endDateCondition")),
            specific_end_date=day(end.get("specificEndDate")),
            up_to_periods=end.get("upToPeriods"),
            up_to_periods_type=_enum(UpToPeriodsType, end.get("upToPeriodsType")),
            pricing=self.pricing(body.get("pricing")),
        )

    def new_rate_plan(self, body: Body) -> NewRatePlan:
        return NewRatePlan(
            catalog=self.catalog_plan(body),
            charge_overrides=tuple(
                self.charge_override(c) for c in body.get("chargeOverrides") or ()
            ),
            unique_token=body.get("uniqueToken"),
            subscription_rate_plan_number=body.get("subscriptionRatePlanNumber"),
            custom_fields=dict(body.get("customFields") or {}),
        )

    @staticmethod
    def rate_plan_ref(body: Body) -> RatePlanRef:
        return RatePlanRef(
            rate_plan_id=body.get("ratePlanId"),
            subscription_rate_plan_number=body.get("subscriptionRatePlanNumber"),
            unique_token=body.get("uniqueToken"),
            product_rate_plan_id=body.get("productRatePlanId"),
            product_rate_plan_number=body.get("productRatePlanNumber"),
        )

    # -- actions ---------------------------------------------------------------------------

    def action(
        self,
        body: Body,
        sequence: int,
        *,
        order_account_id: str,
        currency: str,
        subscription: Subscription | None,
    ) -> OrderAction:
        kind = OrderActionType(body["type"])
        for other in OrderActionType:
            if other is not kind and body.get(other.field_name) is not None:
                raise DomainError(
                    ErrorCode.INVALID_VALUE,
                    f"'{other.field_name}' does not belong in a {kind.value} order action.",
                    other.field_name,
                )
        payload_body = body.get(kind.field_name)
        if payload_body is None and kind is not OrderActionType.RENEW_SUBSCRIPTION:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                f"'{kind.field_name}' may not be null for a {kind.value} order action",
                kind.field_name,
            )
        payload = self.payload(
            kind,
            payload_body or {},
            order_account_id=order_account_id,
            currency=currency,
            subscription=subscription,
        )
        return OrderAction(
            type=kind,
            payload=payload,
            trigger_dates=self.trigger_dates(body.get("triggerDates")),
            sequence=sequence,
            change_reason=body.get("changeReason"),
            custom_fields=dict(body.get("customFields") or {}),
        )

    def payload(
        self,
        kind: OrderActionType,
        b: Body,
        *,
        order_account_id: str,
        currency: str,
        subscription: Subscription | None,
    ) -> ActionPayload:
        if kind is OrderActionType.CREATE_SUBSCRIPTION:
            return self.create_subscription(b, order_account_id, currency)
        if kind is OrderActionType.ADD_PRODUCT:
            return AddProduct(self.new_rate_plan(b))
        if kind is OrderActionType.UPDATE_PRODUCT:
            return UpdateProduct(
                target=self.rate_plan_ref(b),
                charge_updates=tuple(self.charge_update(u) for u in b.get("chargeUpdates") or ()),
                custom_fields=dict(b.get("customFields") or {}),
            )
        if kind is OrderActionType.REMOVE_PRODUCT:
            return RemoveProduct(self.rate_plan_ref(b))
        if kind is OrderActionType.RENEW_SUBSCRIPTION:
            return RenewSubscription()
        if kind is OrderActionType.CANCEL_SUBSCRIPTION:
            return CancelSubscription(
                policy=CancellationPolicy(b["cancellationPolicy"]),
                effective_date=day(b.get("cancellationEffectiveDate")),
            )
        if kind is OrderActionType.SUSPEND:
            return Suspend(
                policy=SuspendPolicy(b["suspendPolicy"]),
                periods=b.get("suspendPeriods"),
                periods_type=_enum(PeriodType, b.get("suspendPeriodsType")),
                specific_date=day(b.get("suspendSpecificDate")),
            )
        if kind is OrderActionType.RESUME:
            return Resume(
                policy=ResumePolicy(b["resumePolicy"]),
                periods=b.get("resumePeriods"),
                periods_type=_enum(PeriodType, b.get("resumePeriodsType")),
                specific_date=day(b.get("resumeSpecificDate")),
                extends_term=bool(b.get("extendsTerm")),
            )
        if kind is OrderActionType.TERMS_AND_CONDITIONS:
            last = b.get("lastTerm")
            return TermsAndConditions(
                last_term=None
                if last is None
                else LastTerm(
                    term_type=TermType(last["termType"]),
                    period=None
                    if last.get("period") is None
                    else check_term(
                        int(last["period"]), last.get("periodType") or "Month", "lastTerm.period"
                    ),
                    period_type=_enum(PeriodType, last.get("periodType")),
                    start_date=day(last.get("startDate")),
                ),
                renewal_setting=_enum(RenewalSetting, b.get("renewalSetting")),
                renewal_terms=None
                if b.get("renewalTerms") is None
                else tuple(
                    _term_length(t, f"renewalTerms[{i}]") for i, t in enumerate(b["renewalTerms"])
                ),
                auto_renew=b.get("autoRenew"),
                invoice_separately=b.get("invoiceSeparately"),
            )
        if kind is OrderActionType.OWNER_TRANSFER:
            owner = b.get("destinationAccountNumber")
            invoice_owner = b.get("destinationInvoiceAccountNumber")
            return OwnerTransfer(
                destination_account_id=self.account_id(owner, "destinationAccountNumber")
                if owner
                else None,
                destination_invoice_account_id=self.account_id(
                    invoice_owner, "destinationInvoiceAccountNumber"
                )
                if invoice_owner
                else None,
            )
        # ChangePlan
        new_plan = b.get("newProductRatePlan")
        if new_plan is None:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'newProductRatePlan' may not be null",
                "newProductRatePlan",
            )
        target = self.rate_plan_ref(b)
        old_grade = None
        if subscription is not None:
            from zorders.domain.orders.apply.common import find_rate_plan

            old = find_rate_plan(subscription, target)
            old_plan = self.uow.catalog.get_plan(self.ctx.tenant_id, old.product_rate_plan_id)
            old_grade = old_plan.grade if old_plan else None
        return ChangePlan(
            target=target,
            new_rate_plan=self.new_rate_plan(new_plan),
            effective_policy=_enum(ChangePlanEffectivePolicy, b.get("effectivePolicy")),
            effective_date=day(b.get("effectiveDate")),
            sub_type=_enum(ChangePlanSubType, b.get("subType")),
            reset_bcd=bool(b.get("resetBcd")),
            old_grade=old_grade,
        )

    def create_subscription(
        self, b: Body, order_account_id: str, currency: str
    ) -> CreateSubscription:
        terms = b.get("terms") or {}
        initial = terms.get("initialTerm")
        if not initial or not initial.get("termType"):
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'terms.initialTerm.termType' may not be null",
                "termType",
            )
        term_type = TermType(initial["termType"])
        period = initial.get("period")
        owner = b.get("subscriptionOwnerAccountNumber")
        invoice_owner = b.get("invoiceOwnerAccountNumber")
        plans = list(b.get("subscribeToRatePlans") or ()) + list(b.get("subscribeToProducts") or ())
        return CreateSubscription(
            terms=InitialTerms(
                term_type=term_type,
                initial_term=_term_length(initial, "terms.initialTerm")
                if period is not None
                else None,
                start_date=day(initial.get("startDate")),
                renewal_setting=RenewalSetting(
                    terms.get("renewalSetting") or RenewalSetting.RENEW_WITH_SPECIFIC_TERM
                ),
                renewal_terms=tuple(
                    _term_length(t, f"terms.renewalTerms[{i}]")
                    for i, t in enumerate(terms.get("renewalTerms") or ())
                ),
                auto_renew=bool(terms.get("autoRenew")),
            ),
            rate_plans=tuple(self.new_rate_plan(p) for p in plans),
            account_id=self.account_id(owner, "subscriptionOwnerAccountNumber")
            if owner
            else order_account_id,
            invoice_owner_account_id=self.account_id(invoice_owner, "invoiceOwnerAccountNumber")
            if invoice_owner
            else order_account_id,
            currency=b.get("currency") or currency,
            subscription_number=b.get("subscriptionNumber"),
            invoice_separately=bool(b.get("invoiceSeparately")),
            notes=b.get("notes"),
        )

    def charge_update(self, b: Body) -> ChargeUpdate:
        effective = b.get("effectiveDate") or {}
        return ChargeUpdate(
            ref=ChargeRef(
                charge_number=b.get("chargeNumber"),
                unique_token=b.get("uniqueToken"),
                product_rate_plan_charge_id=b.get("productRatePlanChargeId"),
            ),
            pricing=self.pricing(b.get("pricing")),
            trigger_event=_enum(TriggerEvent, effective.get("triggerEvent")),
            specific_trigger_date=day(effective.get("specificTriggerDate")),
            description=b.get("description"),
            custom_fields=dict(b.get("customFields") or {}),
            billing_period_alignment=_enum(
                BillingPeriodAlignment, (b.get("billing") or {}).get("billingPeriodAlignment")
            ),
        )


def _term_length(body: Body, field: str = "terms") -> TermLength:
    period_type = PeriodType(body.get("periodType") or "Month")
    period = check_term(int(body["period"]), period_type.value, f"{field}.period")
    return TermLength(period, period_type)


def _end_condition(value: Any) -> EndDateCondition | None:
    """`Specific_End_Date` is carried by the charge's specific end date."""
    if value is None or value == "Specific_End_Date":
        return None
    return EndDateCondition(value)
