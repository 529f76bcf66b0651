"""Subscription versions: stored losslessly, numbered without gaps, locked per subscription."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert

from zorders.bootstrap import Container
from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    BillCycleType,
    BillingPeriod,
    BillingTiming,
    ChargeModel,
    ChargeType,
    EndDateCondition,
    PriceFormat,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.subscription.model import (
    ChangeType,
    Charge,
    PendingState,
    RatePlan,
    RenewalSetting,
    Segment,
    Subscription,
    Suspension,
    TermLength,
    Terms,
    TermType,
    TriggerEvent,
)
from zorders.services import tenants
from zorders.services.ids import new_id
from zorders.storage.documents import subscription_from_document, subscription_to_document
from zorders.storage.tables import subscription_versions

T0 = datetime(2024, 1, 15, 9, 30, 0, 123456, tzinfo=UTC)


def make_tenant(container: Container) -> str:
    return tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"sub-{uuid.uuid4().hex[:10]}"
    ).tenant_id


def _tiers(first: str) -> tuple[ChargeTier, ...]:
    return (
        ChargeTier(
            currency="USD",
            tier=1,
            price=Decimal(first),
            price_format=PriceFormat.PER_UNIT,
            starting_unit=Decimal("0"),
            ending_unit=Decimal("10.00"),
            id=new_id(),
        ),
        ChargeTier(
            currency="USD",
            tier=2,
            price=Decimal("0.950"),
            price_format=PriceFormat.FLAT_FEE,
            starting_unit=Decimal("11"),
            ending_unit=None,
            is_overage_price=True,
            discount_percentage=Decimal("2.50"),
        ),
    )


def rich_subscription(
    number: str | None = None, *, version: int = 1, account_id: str = "a" * 32
) -> Subscription:
    """Two rate plans (one removed), a tiered charge with several segments, a pending charge,
    suspensions and Decimal custom fields."""
    tiered = Charge(
        id=new_id(),
        original_id=new_id(),
        number="C-00000001",
        product_rate_plan_charge_id=new_id(),
        name="Seats",
        charge_type=ChargeType.RECURRING,
        charge_model=ChargeModel.TIERED,
        segments=(
            Segment(
                segment=1,
                start=date(2024, 1, 1),
                end=date(2024, 3, 1),
                quantity=Decimal("12.0"),
                tiers=_tiers("1.10"),
            ),
            Segment(
                segment=2,
                start=date(2024, 3, 1),
                end=date(2024, 6, 1),
                quantity=Decimal("20"),
                tiers=_tiers("1.00"),
                discount_percentage=Decimal("5.000"),
            ),
            Segment(segment=3, start=date(2024, 6, 1), end=None, quantity=Decimal("1E+2")),
        ),
        trigger_date=date(2024, 1, 1),
        description="per seat",
        uom="Each",
        bill_cycle_type=BillCycleType.SPECIFIC_DAY_OF_MONTH,
        bill_cycle_day=31,
        weekly_bill_cycle_day=WeeklyBillCycleDay.MONDAY,
        billing_period=BillingPeriod.QUARTER,
        billing_timing=BillingTiming.IN_ARREARS,
        end_date_condition=EndDateCondition.FIXED_PERIOD,
        up_to_periods=4,
        charged_through_date=date(2024, 4, 1),
        custom_fields={"seats__c": Decimal("12.50"), "label__c": "gold", "on__c": True},
    )
    pending = Charge(
        id=new_id(),
        original_id=new_id(),
        number="C-00000002",
        product_rate_plan_charge_id=new_id(),
        name="Setup",
        charge_type=ChargeType.ONE_TIME,
        charge_model=ChargeModel.FLAT_FEE,
        segments=(),
        trigger_event=TriggerEvent.SERVICE_ACTIVATION,
        pending_values=Segment(segment=1, start=date(2024, 1, 1), end=None, price=Decimal("99.90")),
        unique_token="tok-1",
    )
    return Subscription(
        id=new_id(),
        number=number or f"A-S{uuid.uuid4().hex[:8]}",
        version=version,
        account_id=account_id,
        invoice_owner_account_id="b" * 32,
        currency="USD",
        contract_effective_date=date(2024, 1, 1),
        service_activation_date=None,
        customer_acceptance_date=date(2024, 1, 2),
        subscription_start_date=date(2024, 1, 1),
        terms=Terms(
            term_type=TermType.TERMED,
            term_start_date=date(2024, 1, 1),
            term_end_date=date(2025, 1, 1),
            initial_term=TermLength(12, PeriodType.MONTH),
            current_term=TermLength(12, PeriodType.MONTH),
            renewal_setting=RenewalSetting.RENEW_TO_EVERGREEN,
            renewal_terms=(TermLength(1, PeriodType.YEAR), TermLength(6, PeriodType.MONTH)),
            auto_renew=True,
            renewals=2,
        ),
        rate_plans=(
            RatePlan(
                id=new_id(),
                original_id=new_id(),
                product_id=new_id(),
                product_name="Platform",
                product_sku="SKU-1",
                product_rate_plan_id=new_id(),
                product_rate_plan_number=None,
                name="Gold",
                charges=(tiered,),
                subscription_rate_plan_number="SRP-1",
                last_change_type=ChangeType.UPDATE,
                custom_fields={"discount__c": Decimal("0.10")},
                known_ids=("x1", "x2"),
            ),
            RatePlan(
                id=new_id(),
                original_id=new_id(),
                product_id=new_id(),
                product_name="Setup",
                product_sku="SKU-2",
                product_rate_plan_id=new_id(),
                product_rate_plan_number="PRP-2",
                name="Onboarding",
                charges=(pending,),
                last_change_type=ChangeType.REMOVE,
                removed_date=date(2024, 5, 1),
            ),
        ),
        pending=PendingState.ACTIVATION,
        suspensions=(
            Suspension(date(2024, 2, 1), date(2024, 2, 15)),
            Suspension(date(2024, 7, 1)),
        ),
        invoice_separately=True,
        notes=None,
        custom_fields={
            "amount__c": Decimal("12.50"),
            "when__c": date(2024, 1, 5),
            "list__c": ["a", Decimal("1.0")],
            "tricky__c": {"$decimal": "not a number"},
            "none__c": None,
        },
        order_number="O-00000001",
    )


def next_version(sub: Subscription, **changes: object) -> Subscription:
    return replace(sub, id=new_id(), version=sub.version + 1, **changes)  # type: ignore[arg-type]


def _assert_same(loaded: Subscription | None, expected: Subscription) -> None:
    assert loaded == expected
    # Decimal equality ignores the scale; the documents do not.
    assert subscription_to_document(loaded) == subscription_to_document(expected)


def test_document_round_trip_is_lossless() -> None:
    sub = rich_subscription()
    document = subscription_to_document(sub)
    charge = document["rate_plans"][0]["charges"][0]
    assert charge["segments"][0]["tiers"][0]["price"] == "1.10"
    assert charge["segments"][2]["quantity"] == "1E+2"
    assert document["custom_fields"]["amount__c"] == {"$decimal": "12.50"}
    back = subscription_from_document(document)
    _assert_same(back, sub)
    tier = back.rate_plans[0].charges[0].segments[0].tiers[0]
    assert str(tier.price) == "1.10"
    assert back.custom_fields["tricky__c"] == {"$decimal": "not a number"}
    assert back.custom_fields["when__c"] == date(2024, 1, 5)
    assert (
        back.rate_plans[1].charges[0].pending_values == sub.rate_plans[1].charges[0].pending_values
    )


def test_store_round_trip_and_versions(container: Container) -> None:
    t, other = make_tenant(container), make_tenant(container)
    v1 = rich_subscription()
    v2 = next_version(v1, account_id="c" * 32, order_number="O-00000002")
    with container.uow_factory() as uow:
        assert not uow.subscriptions.number_in_use(t, v1.number)
        uow.subscriptions.add_version(t, v1, T0)
        uow.subscriptions.add_version(t, v2, T0 + timedelta(minutes=1))
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        repo = uow.subscriptions
        _assert_same(repo.latest(t, v1.number), v2)
        _assert_same(repo.version(t, v1.number, 1), v1)
        _assert_same(repo.by_id(t, v1.id), v1)
        _assert_same(repo.by_id(t, v2.id), v2)
        assert repo.version(t, v1.number, 3) is None
        assert repo.number_in_use(t, v1.number)
        # The head follows the latest version's owner.
        assert repo.latest_for_account(t, "c" * 32, offset=0, limit=10) == [v2]
        assert repo.latest_for_account(t, "a" * 32, offset=0, limit=10) == []
        # Tenants do not see each other's subscriptions.
        assert repo.latest(other, v1.number) is None
        assert repo.by_id(other, v1.id) is None
        assert not repo.number_in_use(other, v1.number)


def test_update_version_rewrites_in_place(container: Container) -> None:
    t = make_tenant(container)
    v1 = rich_subscription()
    v2 = next_version(v1)
    with container.uow_factory() as uow:
        uow.subscriptions.add_version(t, v1, T0)
        uow.subscriptions.add_version(t, v2, T0)
        uow.commit()
    changed = replace(v2, custom_fields={**v2.custom_fields, "amount__c": Decimal("7.000")})
    with container.uow_factory() as uow:
        uow.subscriptions.update_version(t, changed)
        with pytest.raises(LookupError):
            uow.subscriptions.update_version(t, replace(changed, id=new_id()))
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        _assert_same(uow.subscriptions.latest(t, v1.number), changed)
        _assert_same(uow.subscriptions.version(t, v1.number, 1), v1)
        assert uow.subscriptions.by_id(t, v2.id) == changed


def test_a_version_gap_or_repeat_is_refused(container: Container) -> None:
    t = make_tenant(container)
    v1 = rich_subscription()
    v2 = next_version(v1)
    with container.uow_factory() as uow:
        uow.subscriptions.add_version(t, v1, T0)
        uow.subscriptions.add_version(t, v2, T0)
        uow.commit()
    for wrong in (replace(v2, id=new_id()), replace(v2, id=new_id(), version=4)):
        with container.uow_factory() as uow, pytest.raises(DomainError) as caught:
            uow.subscriptions.add_version(t, wrong, T0)
        assert caught.value.code is ErrorCode.LOCKING_CONTENTION
    # A version row the head does not know of (a concurrent writer): the unique key refuses.
    with container.uow_factory() as uow:
        uow.connection.execute(
            insert(subscription_versions).values(
                id=new_id(),
                tenant_id=t,
                number=v1.number,
                version=3,
                account_id=v1.account_id,
                invoice_owner_account_id=v1.invoice_owner_account_id,
                currency="USD",
                document={},
                created_at=T0,
            )
        )
        with pytest.raises(DomainError) as caught:
            uow.subscriptions.add_version(t, next_version(v2), T0)
        assert caught.value.code is ErrorCode.LOCKING_CONTENTION
    with container.uow_factory(read_only=True) as uow:
        assert uow.subscriptions.latest(t, v1.number) == v2


def test_a_new_subscription_number_taken_twice(container: Container) -> None:
    t = make_tenant(container)
    v1 = rich_subscription()
    with container.uow_factory() as uow:
        uow.subscriptions.add_version(t, v1, T0)
        uow.commit()
    with container.uow_factory() as uow, pytest.raises(DomainError) as caught:
        uow.subscriptions.add_version(t, replace(v1, id=new_id()), T0)
    assert caught.value.code is ErrorCode.SUBSCRIPTION_NUMBER_TAKEN


def test_concurrent_creations_of_one_number(container: Container) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    t = make_tenant(container)
    first, second = rich_subscription(), rich_subscription()
    second = replace(second, number=first.number)
    inserted = threading.Event()
    errors: list[BaseException] = []

    def create_first() -> None:
        with container.uow_factory() as uow:
            uow.subscriptions.add_version(t, first, T0)
            inserted.set()
            time.sleep(0.3)
            uow.commit()

    def create_second() -> None:
        inserted.wait()
        try:
            with container.uow_factory() as uow:
                # Sees no head yet, then waits on the unique key until the first commits.
                uow.subscriptions.add_version(t, second, T0)
                uow.commit()
        except BaseException as err:  # checked below
            errors.append(err)

    pool = [threading.Thread(target=create_first), threading.Thread(target=create_second)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert len(errors) == 1 and isinstance(errors[0], DomainError)
    assert errors[0].code is ErrorCode.SUBSCRIPTION_NUMBER_TAKEN
    with container.uow_factory(read_only=True) as uow:
        assert uow.subscriptions.latest(t, first.number) == first


def test_delete_versions_from(container: Container) -> None:
    t = make_tenant(container)
    v1 = rich_subscription(account_id="a" * 32)
    v2 = next_version(v1, account_id="c" * 32)
    v3 = next_version(v2, account_id="d" * 32)
    with container.uow_factory() as uow:
        for n, v in enumerate((v1, v2, v3)):
            uow.subscriptions.add_version(t, v, T0 + timedelta(seconds=n))
        uow.commit()
    with container.uow_factory() as uow:
        uow.subscriptions.delete_versions_from(t, v1.number, 3)
        uow.commit()
    with container.uow_factory() as uow:
        repo = uow.subscriptions
        assert repo.latest(t, v1.number) == v2
        assert repo.by_id(t, v3.id) is None
        assert repo.latest_for_account(t, "c" * 32, offset=0, limit=5) == [v2]
        assert repo.latest_for_account(t, "d" * 32, offset=0, limit=5) == []
        # Numbering goes on from the remaining latest version.
        repo.add_version(t, replace(v3, id=new_id()), T0)
        repo.delete_versions_from(t, v1.number, 1)
        uow.commit()
    with container.uow_factory() as uow:
        assert uow.subscriptions.latest(t, v1.number) is None
        assert uow.subscriptions.version(t, v1.number, 1) is None
        assert not uow.subscriptions.number_in_use(t, v1.number)
        # The number may be used again from version 1.
        uow.subscriptions.add_version(t, v1, T0)
        uow.commit()


def test_latest_for_account_orders_and_pages(container: Container) -> None:
    t = make_tenant(container)
    owner = new_id()
    subs = [rich_subscription(f"S-{n}", account_id=owner) for n in (3, 1, 2)]
    with container.uow_factory() as uow:
        # S-3 first, then S-1 and S-2 at the same instant (ordered by number).
        uow.subscriptions.add_version(t, subs[0], T0)
        uow.subscriptions.add_version(t, subs[1], T0 + timedelta(seconds=1))
        uow.subscriptions.add_version(t, subs[2], T0 + timedelta(seconds=1))
        uow.subscriptions.add_version(t, next_version(subs[0]), T0 + timedelta(seconds=2))
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        found = uow.subscriptions.latest_for_account(t, owner, offset=0, limit=10)
        assert [(s.number, s.version) for s in found] == [("S-3", 2), ("S-1", 1), ("S-2", 1)]
        page = uow.subscriptions.latest_for_account(t, owner, offset=1, limit=1)
        assert [s.number for s in page] == ["S-1"]


def test_concurrent_orders_build_on_each_others_versions(container: Container) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    t = make_tenant(container)
    v1 = rich_subscription()
    with container.uow_factory() as uow:
        uow.subscriptions.add_version(t, v1, T0)
        uow.commit()
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait()
            with container.uow_factory() as uow:
                current = uow.subscriptions.latest(t, v1.number, for_update=True)
                assert current is not None
                time.sleep(0.3)
                uow.subscriptions.add_version(t, next_version(current), T0)
                uow.commit()
            with lock:
                made.append(current.version + 1)
        except BaseException as err:  # reported below
            errors.append(err)

    pool = [threading.Thread(target=worker) for _ in range(2)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert errors == []
    assert sorted(made) == [2, 3]
    with container.uow_factory(read_only=True) as uow:
        latest = uow.subscriptions.latest(t, v1.number)
        assert latest is not None and latest.version == 3
        assert uow.subscriptions.version(t, v1.number, 2) is not None
