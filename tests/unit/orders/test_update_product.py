"""UpdateProduct (spec §3.8): a new charge segment from the effective date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.orders.builders import (
    PLATFORM,
    PRO_PLAN,
    PRO_SEATS,
    STORAGE,
    STORAGE_TIERS,
    Ids,
    charge_named,
    make_env,
    new_plan,
    next_version,
    plan_named,
    run,
    spans,
    subscription,
    termed,
    usd,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    AddProduct,
    ChargeOverride,
    ChargeRef,
    ChargeUpdate,
    PricingOverride,
    RatePlanRef,
    UpdateProduct,
)
from zorders.domain.orders.apply.common import ActionEnv, TenantRules
from zorders.domain.subscription.model import ChangeType, Segment, Subscription, TriggerEvent

D = Decimal
JAN31 = date(2025, 1, 31)
TERM_END = date(2026, 1, 31)
BASIC_REF = RatePlanRef(product_rate_plan_id="prp-basic")


def _setup() -> tuple[ActionEnv, Subscription]:
    env = make_env(ids=Ids())
    return env, next_version(subscription(JAN31, termed(12), env=env), env)


def seats_to(quantity: str) -> UpdateProduct:
    update = ChargeUpdate(
        ChargeRef(charge_number="C-00000002"), PricingOverride(quantity=D(quantity))
    )
    return UpdateProduct(BASIC_REF, (update,))


def test_update_mid_segment_splits_the_segment() -> None:
    env, work = _setup()
    day = date(2025, 4, 15)
    applied = run(work, seats_to("8"), env, day)
    sub = applied.subscription
    seats = charge_named(sub, "Seats")
    assert seats.number == "C-00000002"
    assert seats.segments == (
        Segment(segment=1, start=JAN31, end=day, quantity=D(5), price=D(10)),
        Segment(segment=2, start=day, end=TERM_END, quantity=D(8), price=D(10)),
    )
    assert seats.effective_start_date == JAN31
    assert seats.effective_end_date == TERM_END
    assert seats.segment_on(date(2025, 4, 14)) == seats.segments[0]
    assert seats.segment_on(day) == seats.segments[1]
    basic = sub.rate_plans[0]
    assert basic.last_change_type is ChangeType.UPDATE
    # Other charges are untouched; the plan keeps its ids.
    assert charge_named(sub, "Platform") == charge_named(work, "Platform")
    assert basic.id == work.rate_plans[0].id
    assert applied.details == {}
    assert applied.pending is False


def test_update_on_the_segment_start_replaces_it() -> None:
    env, work = _setup()
    seats = charge_named(run(work, seats_to("8"), env, JAN31).subscription, "Seats")
    assert seats.segments == (
        Segment(segment=1, start=JAN31, end=TERM_END, quantity=D(8), price=D(10)),
    )


def test_successive_updates() -> None:
    env, work = _setup()
    first = run(work, seats_to("8"), env, date(2025, 4, 15)).subscription
    second = run(first, seats_to("12"), env, date(2025, 7, 1)).subscription
    assert [
        (s.segment, s.start, s.end, s.quantity) for s in charge_named(second, "Seats").segments
    ] == [
        (1, JAN31, date(2025, 4, 15), D(5)),
        (2, date(2025, 4, 15), date(2025, 7, 1), D(8)),
        (3, date(2025, 7, 1), TERM_END, D(12)),
    ]
    # An update dated before the last segment start is refused.
    with pytest.raises(DomainError) as raised:
        run(second, seats_to("3"), env, date(2025, 6, 1))
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE
    # On the last segment's start, that segment changes in place.
    third = run(second, seats_to("3"), env, date(2025, 7, 1)).subscription
    assert [s.quantity for s in charge_named(third, "Seats").segments] == [D(5), D(8), D(3)]


@pytest.mark.parametrize(
    ("ref", "day"),
    [
        # The one-time setup fee ends on Feb 1.
        (ChargeRef(charge_number="C-00000004"), date(2025, 2, 1)),
        (ChargeRef(charge_number="C-00000004"), date(2025, 3, 1)),
        # Recurring charges end with the term.
        (ChargeRef(charge_number="C-00000001"), TERM_END),
        (ChargeRef(charge_number="C-00000001"), date(2026, 3, 1)),
    ],
)
def test_update_after_the_charge_end(ref: ChargeRef, day: date) -> None:
    env, work = _setup()
    update = UpdateProduct(BASIC_REF, (ChargeUpdate(ref, PricingOverride(list_price=D(1))),))
    with pytest.raises(DomainError) as raised:
        run(work, update, env, day)
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE


def test_update_before_the_subscription_starts() -> None:
    env, work = _setup()
    with pytest.raises(DomainError) as raised:
        run(work, seats_to("8"), env, date(2025, 1, 30))
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE


@pytest.mark.parametrize(
    "ref",
    [
        ChargeRef(charge_number="C-00000001"),
        ChargeRef(product_rate_plan_charge_id=PLATFORM.id),
    ],
)
def test_price_update_by_charge_number_or_catalog_charge(ref: ChargeRef) -> None:
    env, work = _setup()
    day = date(2025, 7, 1)
    update = UpdateProduct(BASIC_REF, (ChargeUpdate(ref, PricingOverride(list_price=D(120))),))
    platform = charge_named(run(work, update, env, day).subscription, "Platform")
    assert [(s.start, s.end, s.price) for s in platform.segments] == [
        (JAN31, day, D(100)),
        (day, TERM_END, D(120)),
    ]


@pytest.mark.parametrize(
    "target",
    [
        RatePlanRef(rate_plan_id="id-1"),  # version 1's id
        RatePlanRef(rate_plan_id="id-8"),  # the working copy's id
        RatePlanRef(product_rate_plan_id="prp-basic"),
        RatePlanRef(product_rate_plan_number="PRP-00000001"),
    ],
)
def test_rate_plan_named_any_way(target: RatePlanRef) -> None:
    env, work = _setup()
    assert work.rate_plans[0].known_ids == ("id-1", "id-8")
    update = UpdateProduct(target, seats_to("8").charge_updates)
    seats = charge_named(run(work, update, env, date(2025, 4, 15)).subscription, "Seats")
    assert len(seats.segments) == 2


def test_update_a_plan_added_earlier_in_the_same_order_by_unique_token() -> None:
    env, work = _setup()
    added = run(work, AddProduct(new_plan(PRO_PLAN, token="pro")), env, date(2025, 3, 1))
    token_ref = RatePlanRef(unique_token="pro")
    # Same day as the add: the new charge's only segment changes.
    update = UpdateProduct(
        token_ref,
        (
            ChargeUpdate(
                ChargeRef(product_rate_plan_charge_id=PRO_SEATS.id), PricingOverride(quantity=D(9))
            ),
        ),
    )
    same_day = run(added.subscription, update, env, date(2025, 3, 1)).subscription
    pro = plan_named(same_day, "Pro")
    assert pro.last_change_type is ChangeType.UPDATE
    assert [(s.start, s.end, s.quantity) for s in pro.charges[1].segments] == [
        (date(2025, 3, 1), TERM_END, D(9))
    ]
    # Later: a second segment; Basic untouched.
    later = run(added.subscription, update, env, date(2025, 5, 1)).subscription
    assert [(s.start, s.end, s.quantity) for s in plan_named(later, "Pro").charges[1].segments] == [
        (date(2025, 3, 1), date(2025, 5, 1), D(5)),
        (date(2025, 5, 1), TERM_END, D(9)),
    ]
    assert plan_named(later, "Basic").last_change_type is ChangeType.ADD


def test_charge_by_unique_token() -> None:
    env, work = _setup()
    plan = new_plan(PRO_PLAN, ChargeOverride(PRO_SEATS.id, unique_token="pro-seats"), token="pro")
    added = run(work, AddProduct(plan), env, date(2025, 3, 1)).subscription
    update = UpdateProduct(
        RatePlanRef(unique_token="pro"),
        (ChargeUpdate(ChargeRef(unique_token="pro-seats"), PricingOverride(quantity=D(2))),),
    )
    seats = plan_named(run(added, update, env, date(2025, 4, 1)).subscription, "Pro").charges[1]
    assert [s.quantity for s in seats.segments] == [D(5), D(2)]


def test_tiered_update() -> None:
    env, work = _setup()
    tiers = (usd(1, "1.50", "1", "10"), usd(2, "0.75", "11"))
    update = UpdateProduct(
        BASIC_REF,
        (
            ChargeUpdate(
                ChargeRef(product_rate_plan_charge_id=STORAGE.id),
                PricingOverride(quantity=D(40), tiers=tiers),
            ),
        ),
    )
    storage = charge_named(run(work, update, env, date(2025, 2, 14)).subscription, "Storage")
    assert [(s.start, s.quantity, s.tiers) for s in storage.segments] == [
        (JAN31, D(20), STORAGE_TIERS),
        (date(2025, 2, 14), D(40), tiers),
    ]


def test_effective_on_a_specific_date() -> None:
    env, work = _setup()
    update = UpdateProduct(
        BASIC_REF,
        (
            ChargeUpdate(
                ChargeRef(charge_number="C-00000002"),
                PricingOverride(quantity=D(6)),
                trigger_event=TriggerEvent.SPECIFIC_DATE,
                specific_trigger_date=date(2025, 9, 1),
            ),
        ),
    )
    seats = charge_named(run(work, update, env, date(2025, 2, 1)).subscription, "Seats")
    assert spans(seats) == [(JAN31, date(2025, 9, 1)), (date(2025, 9, 1), TERM_END)]


def test_effective_date_not_known_yet() -> None:
    env = make_env(rules=TenantRules(require_service_activation=True))
    work = subscription(JAN31, termed(12), env=make_env())
    update = UpdateProduct(
        BASIC_REF,
        (
            ChargeUpdate(
                ChargeRef(charge_number="C-00000002"),
                PricingOverride(quantity=D(6)),
                trigger_event=TriggerEvent.SERVICE_ACTIVATION,
            ),
        ),
    )
    with pytest.raises(DomainError) as raised:
        run(work, update, env, date(2025, 2, 1))
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE


@pytest.mark.parametrize(
    ("ref", "pricing", "code"),
    [
        (
            ChargeRef(charge_number="C-00000001"),
            PricingOverride(quantity=D(2)),
            ErrorCode.INVALID_PRICING_OVERRIDE,
        ),
        (
            ChargeRef(charge_number="C-00000003"),
            PricingOverride(list_price=D(2)),
            ErrorCode.INVALID_PRICING_OVERRIDE,
        ),
        (
            ChargeRef(charge_number="C-00000002"),
            PricingOverride(quantity=D(-2)),
            ErrorCode.INVALID_PRICING_OVERRIDE,
        ),
        (
            ChargeRef(charge_number="C-99999999"),
            PricingOverride(quantity=D(2)),
            ErrorCode.CHARGE_NOT_FOUND,
        ),
        (ChargeRef(product_rate_plan_charge_id="prpc-nope"), None, ErrorCode.CHARGE_NOT_FOUND),
    ],
)
def test_update_refused(ref: ChargeRef, pricing: PricingOverride | None, code: ErrorCode) -> None:
    env, work = _setup()
    with pytest.raises(DomainError) as raised:
        run(work, UpdateProduct(BASIC_REF, (ChargeUpdate(ref, pricing),)), env, date(2025, 3, 1))
    assert raised.value.code is code


@pytest.mark.parametrize(
    ("target", "code"),
    [
        (RatePlanRef(rate_plan_id="id-99"), ErrorCode.RATE_PLAN_NOT_FOUND),
        (RatePlanRef(unique_token="nope"), ErrorCode.RATE_PLAN_NOT_FOUND),
        (RatePlanRef(subscription_rate_plan_number="SRP-9"), ErrorCode.RATE_PLAN_NOT_FOUND),
        (RatePlanRef(), ErrorCode.MISSING_FIELD),
    ],
)
def test_unknown_rate_plan(target: RatePlanRef, code: ErrorCode) -> None:
    env, work = _setup()
    with pytest.raises(DomainError) as raised:
        run(work, UpdateProduct(target, seats_to("8").charge_updates), env, date(2025, 3, 1))
    assert raised.value.code is code


def test_description_and_custom_fields() -> None:
    env, work = _setup()
    update = UpdateProduct(
        BASIC_REF,
        (
            ChargeUpdate(
                ChargeRef(charge_number="C-00000002"),
                description="More seats",
                custom_fields={"Po__c": "42"},
            ),
        ),
        custom_fields={"Plan__c": "x"},
    )
    sub = run(work, update, env, date(2025, 3, 1)).subscription
    seats = charge_named(sub, "Seats")
    assert seats.description == "More seats"
    assert seats.custom_fields == {"Po__c": "42"}
    assert sub.rate_plans[0].custom_fields == {"Plan__c": "x"}
    # No pricing: the new segment repeats the values.
    assert [(s.quantity, s.price) for s in seats.segments] == [(D(5), D(10)), (D(5), D(10))]
