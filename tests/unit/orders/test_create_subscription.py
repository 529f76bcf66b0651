"""CreateSubscription (spec §3.5, §3.6, §10.3): terms, charges copied from the catalog,
end dates, trigger dates and pending states, currencies and pricing overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    BASIC,
    BASIC_CHARGES,
    BASIC_PLAN,
    EVERGREEN,
    PLATFORM,
    PRO_PLATFORM,
    SEATS,
    SETUP,
    STORAGE,
    STORAGE_TIERS,
    CatalogPlan,
    action,
    charge_named,
    create,
    create_payload,
    make_env,
    new_plan,
    single_charge_plan,
    spans,
    subscription,
    termed,
    usd,
)
from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import BillingPeriod, EndDateCondition, UpToPeriodsType
from zorders.domain.catalog.enums import TriggerEvent as CatalogTrigger
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders import engine
from zorders.domain.orders.actions import BillingOverride, ChargeOverride, PricingOverride
from zorders.domain.orders.apply.common import TenantRules
from zorders.domain.subscription.model import (
    ChangeType,
    PendingState,
    Segment,
    SubscriptionStatus,
    TermLength,
    TermType,
    TriggerEvent,
)

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)


# -- terms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "period_type", "end"),
    [
        (date(2025, 1, 31), 12, PeriodType.MONTH, date(2026, 1, 31)),
        (date(2025, 1, 31), 1, PeriodType.MONTH, date(2025, 2, 28)),  # clamped
        (date(2024, 1, 31), 1, PeriodType.MONTH, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 2, PeriodType.MONTH, date(2025, 3, 31)),  # no drift
        (date(2025, 1, 31), 3, PeriodType.MONTH, date(2025, 4, 30)),
        (date(2024, 2, 29), 1, PeriodType.YEAR, date(2025, 2, 28)),
        (date(2025, 1, 31), 2, PeriodType.WEEK, date(2025, 2, 14)),
        (date(2025, 1, 31), 30, PeriodType.DAY, date(2025, 3, 2)),
    ],
)
def test_termed_term_end(start: date, period: int, period_type: PeriodType, end: date) -> None:
    sub = subscription(start, termed(period, period_type))
    assert sub.terms.term_type is TermType.TERMED
    assert sub.terms.term_start_date == start
    assert sub.terms.term_end_date == end
    assert sub.subscription_end_date == end
    assert sub.terms.initial_term == TermLength(period, period_type)
    assert sub.terms.current_term == TermLength(period, period_type)
    assert sub.terms.renewals == 0
    assert sub.subscription_start_date == start
    # Recurring charges end with the term.
    assert spans(charge_named(sub, "Platform")) == [(start, end)]


def test_termed_subscription_version_one() -> None:
    applied = create(JAN31, termed(12))
    sub = applied.subscription
    assert applied.pending is False
    assert applied.details == {}
    assert sub.pending is None
    assert sub.version == 1
    assert sub.number == "A-S00000001"
    assert sub.order_number == "O-00000001"
    assert sub.currency == "USD"
    assert sub.account_id == "acc-1"
    assert sub.invoice_owner_account_id == "acc-1"
    # Trigger dates: SA and CA default to CE without the tenant's "require" settings.
    assert sub.contract_effective_date == JAN31
    assert sub.service_activation_date == JAN31
    assert sub.customer_acceptance_date == JAN31
    assert sub.cancelled_date is None
    assert sub.suspensions == ()
    # Ids: the rate plan first, then its charges in catalog order, then the subscription.
    (plan,) = sub.rate_plans
    assert plan.id == "id-1"
    assert plan.original_id == "id-1"
    assert plan.known_ids == ("id-1",)
    assert plan.last_change_type is ChangeType.ADD
    assert plan.removed_date is None
    assert plan.product_rate_plan_id == "prp-basic"
    assert plan.product_rate_plan_number == "PRP-00000001"
    assert plan.name == "Basic"
    assert (plan.product_id, plan.product_name, plan.product_sku) == (
        "prod-clouddesk",
        "CloudDesk",
        "SKU-CLOUDDESK",
    )
    assert [(c.id, c.original_id, c.number, c.name) for c in plan.charges] == [
        ("id-2", "id-2", "C-00000001", "Platform"),
        ("id-3", "id-3", "C-00000002", "Seats"),
        ("id-4", "id-4", "C-00000003", "Storage"),
        ("id-5", "id-5", "C-00000004", "Setup"),
        ("id-6", "id-6", "C-00000005", "Loyalty"),
    ]
    assert sub.id == "id-7"


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2025, 1, 31), SubscriptionStatus.ACTIVE),
        (date(2026, 1, 30), SubscriptionStatus.ACTIVE),
        (date(2026, 1, 31), SubscriptionStatus.EXPIRED),  # exclusive term end
        (date(2027, 6, 1), SubscriptionStatus.EXPIRED),
    ],
)
def test_termed_status(day: date, status: SubscriptionStatus) -> None:
    assert subscription(JAN31, termed(12)).status_on(day) is status


def test_auto_renew_termed_subscription_does_not_expire() -> None:
    sub = subscription(JAN31, termed(12, auto_renew=True))
    assert sub.terms.auto_renew is True
    assert sub.status_on(date(2026, 2, 1)) is SubscriptionStatus.ACTIVE


def test_segments_copy_catalog_values() -> None:
    sub = subscription(JAN31, termed(12))
    platform = charge_named(sub, "Platform")
    assert platform.segments == (Segment(segment=1, start=JAN31, end=TERM_END, price=D(100)),)
    assert platform.trigger_event is TriggerEvent.CONTRACT_EFFECTIVE
    assert platform.trigger_date == JAN31
    assert platform.billing_period is BillingPeriod.MONTH
    assert platform.pending_values is None
    seats = charge_named(sub, "Seats")
    assert seats.segments == (
        Segment(segment=1, start=JAN31, end=TERM_END, quantity=D(5), price=D(10)),
    )
    assert seats.uom == "Seat"
    storage = charge_named(sub, "Storage")
    assert storage.segments == (
        Segment(segment=1, start=JAN31, end=TERM_END, quantity=D(20), tiers=STORAGE_TIERS),
    )
    setup = charge_named(sub, "Setup")
    assert setup.segments == (Segment(segment=1, start=JAN31, end=date(2025, 2, 1), price=D(500)),)
    loyalty = charge_named(sub, "Loyalty")
    assert loyalty.segments == (
        Segment(segment=1, start=JAN31, end=TERM_END, discount_percentage=D(10)),
    )
    assert loyalty.apply_discount_to is not None
    assert loyalty.apply_discount_to.value == "RECURRING"


def test_evergreen() -> None:
    sub = subscription(JAN31, EVERGREEN)
    assert sub.terms.term_type is TermType.EVERGREEN
    assert sub.terms.term_start_date == JAN31
    assert sub.terms.term_end_date is None
    assert sub.terms.initial_term is None
    assert sub.terms.current_term is None
    assert sub.subscription_end_date is None
    assert spans(charge_named(sub, "Platform")) == [(JAN31, None)]
    assert spans(charge_named(sub, "Seats")) == [(JAN31, None)]
    assert spans(charge_named(sub, "Setup")) == [(JAN31, date(2025, 2, 1))]
    assert sub.status_on(date(2040, 1, 1)) is SubscriptionStatus.ACTIVE


@pytest.mark.parametrize("period", [0, -1])
def test_termed_needs_a_positive_period(period: int) -> None:
    with pytest.raises(DomainError) as raised:
        create(JAN31, termed(period))
    assert raised.value.code is ErrorCode.INVALID_TERM


def test_termed_without_initial_term_is_refused() -> None:
    with pytest.raises(DomainError) as raised:
        create(JAN31, replace(termed(12), initial_term=None))
    assert raised.value.code is ErrorCode.INVALID_TERM


def test_create_on_an_existing_subscription_is_refused() -> None:
    sub = subscription()
    with pytest.raises(DomainError) as raised:
        engine.apply_action(sub, action(create_payload(), JAN31), make_env())
    assert raised.value.code is ErrorCode.INVALID_SUBSCRIPTION_STATE


# -- charge end dates ----------------------------------------------------------------------

FIXED = EndDateCondition.FIXED_PERIOD


@pytest.mark.parametrize(
    ("override", "evergreen", "end"),
    [
        (ChargeOverride(PLATFORM.id), False, TERM_END),
        (ChargeOverride(PLATFORM.id), True, None),
        # Billing periods of the charge: 3 months from Jan 31 = Apr 30.
        (
            ChargeOverride(PLATFORM.id, end_date_condition=FIXED, up_to_periods=3),
            False,
            date(2025, 4, 30),
        ),
        (
            ChargeOverride(PLATFORM.id, end_date_condition=FIXED, up_to_periods=3),
            True,
            date(2025, 4, 30),
        ),
        # 2 quarters = 6 months.
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=2,
                billing=BillingOverride(billing_period=BillingPeriod.QUARTER),
            ),
            False,
            date(2025, 7, 31),
        ),
        # 2 periods of Specific_Months 2 = 4 months.
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=2,
                billing=BillingOverride(
                    billing_period=BillingPeriod.SPECIFIC_MONTHS, specific_billing_period=2
                ),
            ),
            False,
            date(2025, 5, 31),
        ),
        # 2 weekly periods = 14 days.
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=2,
                billing=BillingOverride(billing_period=BillingPeriod.WEEK),
            ),
            False,
            date(2025, 2, 14),
        ),
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=2,
                up_to_periods_type=UpToPeriodsType.MONTHS,
            ),
            False,
            date(2025, 3, 31),
        ),
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=10,
                up_to_periods_type=UpToPeriodsType.DAYS,
            ),
            False,
            date(2025, 2, 10),
        ),
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=3,
                up_to_periods_type=UpToPeriodsType.WEEKS,
            ),
            False,
            date(2025, 2, 21),
        ),
        # A fixed period past the term end stops at the term end.
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=2,
                up_to_periods_type=UpToPeriodsType.YEARS,
            ),
            False,
            TERM_END,
        ),
        (
            ChargeOverride(
                PLATFORM.id,
                end_date_condition=FIXED,
                up_to_periods=2,
                up_to_periods_type=UpToPeriodsType.YEARS,
            ),
            True,
            date(2027, 1, 31),
        ),
        # A specific end date (Orders' Specific_End_Date), capped at the term end.
        (
            ChargeOverride(PLATFORM.id, specific_end_date=date(2025, 6, 15)),
            False,
            date(2025, 6, 15),
        ),
        (ChargeOverride(PLATFORM.id, specific_end_date=date(2026, 6, 15)), False, TERM_END),
        # One_Time end condition on a recurring charge: one day.
        (
            ChargeOverride(PLATFORM.id, end_date_condition=EndDateCondition.ONE_TIME),
            False,
            date(2025, 2, 1),
        ),
        # A one-time charge always lasts its start day.
        (ChargeOverride(SETUP.id), False, date(2025, 2, 1)),
        (ChargeOverride(SETUP.id), True, date(2025, 2, 1)),
    ],
)
def test_charge_end_dates(override: ChargeOverride, evergreen: bool, end: date | None) -> None:
    catalog = {PLATFORM.id: PLATFORM, SETUP.id: SETUP}[override.product_rate_plan_charge_id]
    plan = single_charge_plan(catalog)
    sub = subscription(JAN31, EVERGREEN if evergreen else termed(12), (new_plan(plan, override),))
    (charge,) = sub.all_charges()
    assert spans(charge) == [(JAN31, end)]


# -- trigger dates and pending states ------------------------------------------------------

SA_SEATS = ChargeOverride(SEATS.id, trigger_event=TriggerEvent.SERVICE_ACTIVATION)
CA_STORAGE = ChargeOverride(STORAGE.id, trigger_event=TriggerEvent.CUSTOMER_ACCEPTANCE)


def test_service_activation_and_acceptance_default_to_contract_effective() -> None:
    sub = subscription(JAN31, termed(12), (new_plan(BASIC_PLAN, SA_SEATS, CA_STORAGE),))
    assert sub.pending is None
    assert spans(charge_named(sub, "Seats")) == [(JAN31, TERM_END)]
    assert charge_named(sub, "Seats").trigger_event is TriggerEvent.SERVICE_ACTIVATION
    assert charge_named(sub, "Seats").trigger_date == JAN31
    assert spans(charge_named(sub, "Storage")) == [(JAN31, TERM_END)]


def test_catalog_trigger_event_is_copied() -> None:
    catalog = replace(SEATS, trigger_event=CatalogTrigger.SERVICE_ACTIVATION)
    sa = date(2025, 2, 10)
    applied = create(JAN31, termed(12), (new_plan(single_charge_plan(catalog)),), sa=sa)
    (charge,) = applied.subscription.all_charges()
    assert charge.trigger_event is TriggerEvent.SERVICE_ACTIVATION
    assert spans(charge) == [(sa, TERM_END)]


@pytest.mark.parametrize(
    ("rules", "state", "status"),
    [
        (
            TenantRules(require_service_activation=True),
            PendingState.ACTIVATION,
            SubscriptionStatus.PENDING_ACTIVATION,
        ),
        (
            TenantRules(require_customer_acceptance=True),
            PendingState.ACCEPTANCE,
            SubscriptionStatus.PENDING_ACCEPTANCE,
        ),
        # Both missing: Pending Activation wins.
        (
            TenantRules(require_service_activation=True, require_customer_acceptance=True),
            PendingState.ACTIVATION,
            SubscriptionStatus.PENDING_ACTIVATION,
        ),
    ],
)
def test_required_dates_missing_make_the_subscription_pending(
    rules: TenantRules, state: PendingState, status: SubscriptionStatus
) -> None:
    plans = (new_plan(BASIC_PLAN, SA_SEATS, CA_STORAGE),)
    applied = create(JAN31, termed(12), plans, env=make_env(rules=rules))
    sub = applied.subscription
    assert applied.pending is True
    assert sub.pending is state
    assert sub.status_on(JAN31) is status
    assert sub.status_on(date(2025, 6, 1)) is status
    # Charges on the contract effective date start anyway.
    assert spans(charge_named(sub, "Platform")) == [(JAN31, TERM_END)]
    seats = charge_named(sub, "Seats")
    if rules.require_service_activation:
        assert sub.service_activation_date is None
        assert seats.segments == ()
        assert seats.trigger_date is None
        assert seats.pending_values is not None
        assert (seats.pending_values.quantity, seats.pending_values.price) == (D(5), D(10))
        assert seats.effective_start_date is None
    else:
        assert sub.service_activation_date == JAN31
        assert spans(seats) == [(JAN31, TERM_END)]
    storage = charge_named(sub, "Storage")
    if rules.require_customer_acceptance:
        assert sub.customer_acceptance_date is None
        assert storage.segments == ()
        assert storage.pending_values is not None
        assert storage.pending_values.quantity == D(20)
    else:
        assert spans(storage) == [(JAN31, TERM_END)]


def test_required_dates_given_make_an_active_subscription() -> None:
    rules = TenantRules(require_service_activation=True, require_customer_acceptance=True)
    sa, ca = date(2025, 2, 10), date(2025, 2, 20)
    plans = (new_plan(BASIC_PLAN, SA_SEATS, CA_STORAGE),)
    applied = create(JAN31, termed(12), plans, env=make_env(rules=rules), sa=sa, ca=ca)
    sub = applied.subscription
    assert applied.pending is False
    assert sub.pending is None
    assert sub.status_on(JAN31) is SubscriptionStatus.ACTIVE
    assert (sub.service_activation_date, sub.customer_acceptance_date) == (sa, ca)
    assert spans(charge_named(sub, "Seats")) == [(sa, TERM_END)]
    assert spans(charge_named(sub, "Storage")) == [(ca, TERM_END)]
    assert spans(charge_named(sub, "Platform")) == [(JAN31, TERM_END)]


def test_specific_date_trigger_without_date_is_pending_acceptance() -> None:
    override = ChargeOverride(SEATS.id, trigger_event=TriggerEvent.SPECIFIC_DATE)
    applied = create(JAN31, termed(12), (new_plan(BASIC_PLAN, override),))
    sub = applied.subscription
    assert applied.pending is True
    assert sub.pending is PendingState.ACCEPTANCE
    assert sub.status_on(JAN31) is SubscriptionStatus.PENDING_ACCEPTANCE
    seats = charge_named(sub, "Seats")
    assert seats.segments == ()
    assert seats.trigger_date is None
    assert seats.specific_trigger_date is None
    assert seats.pending_values == Segment(
        segment=1, start=date.min, end=None, quantity=D(5), price=D(10)
    )


def test_specific_date_trigger_with_date() -> None:
    day = date(2025, 3, 15)
    override = ChargeOverride(
        SEATS.id, trigger_event=TriggerEvent.SPECIFIC_DATE, specific_trigger_date=day
    )
    applied = create(JAN31, termed(12), (new_plan(BASIC_PLAN, override),))
    assert applied.pending is False
    assert applied.subscription.pending is None
    seats = charge_named(applied.subscription, "Seats")
    assert seats.trigger_date == day
    assert spans(seats) == [(day, TERM_END)]


def test_specific_date_past_the_term_end_bills_nothing() -> None:
    override = ChargeOverride(
        SEATS.id, trigger_event=TriggerEvent.SPECIFIC_DATE, specific_trigger_date=date(2026, 3, 1)
    )
    sub = subscription(JAN31, termed(12), (new_plan(BASIC_PLAN, override),))
    # A zero-length segment at its start: nothing to bill.
    assert spans(charge_named(sub, "Seats")) == [(date(2026, 3, 1), date(2026, 3, 1))]


# -- currencies and catalog references -----------------------------------------------------


def test_plan_not_active_in_the_currency() -> None:
    payload = create_payload(currency="EUR")
    with pytest.raises(DomainError) as raised:
        engine.apply_action(None, action(payload, JAN31), make_env())
    assert raised.value.code is ErrorCode.CURRENCY_MISMATCH
    assert raised.value.field == "productRatePlanId"


def test_charge_not_priced_in_the_currency() -> None:
    # The plan is active in EUR too, but only Platform has a EUR price.
    plan = replace(BASIC, active_currencies=("USD", "EUR"))
    platform = replace(PLATFORM, tiers=(*PLATFORM.tiers, replace(usd(1, "90"), currency="EUR")))
    catalog = CatalogPlan(BASIC_PLAN.product, plan, (platform, *BASIC_CHARGES[1:]))
    payload = replace(create_payload(currency="EUR"), rate_plans=(new_plan(catalog),))
    with pytest.raises(DomainError) as raised:
        engine.apply_action(None, action(payload, JAN31), make_env())
    assert raised.value.code is ErrorCode.CURRENCY_MISMATCH
    assert raised.value.field == "productRatePlanChargeId"
    # Priced in EUR only where it has EUR rows.
    only_platform = CatalogPlan(BASIC_PLAN.product, plan, (platform,))
    payload = replace(create_payload(currency="EUR"), rate_plans=(new_plan(only_platform),))
    sub = engine.apply_action(None, action(payload, JAN31), make_env()).subscription
    assert sub.currency == "EUR"
    assert charge_named(sub, "Platform").last_segment.price == D(90)


def test_override_of_a_charge_not_in_the_plan() -> None:
    with pytest.raises(DomainError) as raised:
        create(JAN31, termed(12), (new_plan(BASIC_PLAN, ChargeOverride(PRO_PLATFORM.id)),))
    assert raised.value.code is ErrorCode.CATALOG_REFERENCE_NOT_FOUND
    assert raised.value.field == "productRatePlanChargeId"


# -- pricing overrides ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charge_id", "pricing", "field"),
    [
        (PLATFORM.id, PricingOverride(quantity=D(2)), "quantity"),  # flat fee: no quantity
        (STORAGE.id, PricingOverride(list_price=D(3)), "listPrice"),  # tiered: no list price
        (SEATS.id, PricingOverride(quantity=D(-1)), "quantity"),
        (SEATS.id, PricingOverride(quantity=D(0)), "quantity"),  # below the minimum 1
        (SEATS.id, PricingOverride(quantity=D(101)), "quantity"),  # above the maximum 100
        (SEATS.id, PricingOverride(list_price=D(-5)), "price"),
        (PLATFORM.id, PricingOverride(tiers=STORAGE_TIERS), "tiers"),
        (PLATFORM.id, PricingOverride(discount_percentage=D(5)), "discountPercentage"),
        ("prpc-loyalty", PricingOverride(discount_percentage=D(-1)), "discountPercentage"),
        ("prpc-loyalty", PricingOverride(discount_percentage=D(101)), "discountPercentage"),
        ("prpc-loyalty", PricingOverride(discount_amount=D(5)), "discountAmount"),
        ("prpc-loyalty", PricingOverride(quantity=D(1)), "quantity"),
        (
            STORAGE.id,
            PricingOverride(tiers=(replace(STORAGE_TIERS[0], price=D(-1)), STORAGE_TIERS[1])),
            "tiers",
        ),
    ],
)
def test_pricing_overrides_refused(charge_id: str, pricing: PricingOverride, field: str) -> None:
    override = ChargeOverride(charge_id, pricing=pricing)
    with pytest.raises(DomainError) as raised:
        create(JAN31, termed(12), (new_plan(BASIC_PLAN, override),))
    assert raised.value.code is ErrorCode.INVALID_PRICING_OVERRIDE
    assert raised.value.field == field


NEW_TIERS = (usd(1, "3.00", "1", "5"), usd(2, "0.50", "6"))


@pytest.mark.parametrize(
    ("charge_id", "pricing", "name", "expected"),
    [
        (PLATFORM.id, PricingOverride(list_price=D(90)), "Platform", (None, D(90), ())),
        (SEATS.id, PricingOverride(quantity=D(1)), "Seats", (D(1), D(10), ())),
        (SEATS.id, PricingOverride(quantity=D(100)), "Seats", (D(100), D(10), ())),
        (
            SEATS.id,
            PricingOverride(quantity=D(7), list_price=D(8)),
            "Seats",
            (D(7), D(8), ()),
        ),
        (STORAGE.id, PricingOverride(quantity=D(50)), "Storage", (D(50), None, STORAGE_TIERS)),
        (
            STORAGE.id,
            PricingOverride(quantity=D(6), tiers=NEW_TIERS),
            "Storage",
            (D(6), None, NEW_TIERS),
        ),
        (SETUP.id, PricingOverride(list_price=D(250)), "Setup", (None, D(250), ())),
    ],
)
def test_pricing_overrides_applied(
    charge_id: str,
    pricing: PricingOverride,
    name: str,
    expected: tuple[Decimal | None, Decimal | None, tuple[object, ...]],
) -> None:
    sub = subscription(
        JAN31, termed(12), (new_plan(BASIC_PLAN, ChargeOverride(charge_id, pricing=pricing)),)
    )
    segment = charge_named(sub, name).last_segment
    assert (segment.quantity, segment.price, segment.tiers) == expected


def test_discount_percentage_override() -> None:
    override = ChargeOverride("prpc-loyalty", pricing=PricingOverride(discount_percentage=D(15)))
    sub = subscription(JAN31, termed(12), (new_plan(BASIC_PLAN, override),))
    assert charge_named(sub, "Loyalty").last_segment.discount_percentage == D(15)


def test_override_fields_copied_to_the_charge() -> None:
    override = ChargeOverride(
        SEATS.id,
        charge_number="SEATS-1",
        unique_token="seats",
        description="Named seats",
        custom_fields={"Region__c": "EU"},
        billing=BillingOverride(billing_period=BillingPeriod.QUARTER, bill_cycle_day=15),
    )
    sub = subscription(JAN31, termed(12), (new_plan(BASIC_PLAN, override, token="basic"),))
    seats = charge_named(sub, "Seats")
    assert seats.number == "SEATS-1"
    assert seats.unique_token == "seats"
    assert seats.description == "Named seats"
    assert seats.custom_fields == {"Region__c": "EU"}
    assert seats.billing_period is BillingPeriod.QUARTER
    assert seats.bill_cycle_day == 15
    assert sub.rate_plans[0].unique_token == "basic"
    # Charges without a number of their own get generated ones; the custom one uses none.
    assert [c.number for c in sub.all_charges()] == [
        "C-00000001",
        "SEATS-1",
        "C-00000002",
        "C-00000003",
        "C-00000004",
    ]
