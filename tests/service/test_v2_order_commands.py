"""The v2 create-order translator (issue 12) against the command layer: a v2 body gives
the same `CreateOrder` a v1 body gives, and runs over the in-memory unit of work. No HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.service.fakes import FakeUnitOfWork, FakeUnitOfWorkFactory
from tests.unit.orders.builders import BASIC, BASIC_CHARGES, PRO, PRO_PLATFORM, PRO_SEATS, PRODUCT
from zorders.api.v2.order_commands import create_order as translate
from zorders.api.v2.order_models import CreateOrderIn
from zorders.domain.accounts import Account, AccountDraft, ContactInfo
from zorders.domain.calendar import PeriodType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import ItemState, ItemType
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    InitialTerms,
    OrderActionType,
    PricingOverride,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    Resume,
    ResumePolicy,
    Suspend,
    SuspendPolicy,
)
from zorders.domain.orders.model import OrderCategory, OrderStatus
from zorders.domain.subscription.model import RenewalSetting, TermLength, TermType, TriggerEvent
from zorders.services.accounts import create_account
from zorders.services.context import CommandContext
from zorders.services.orders.commands import (
    AddProductCommand,
    ChangePlanCommand,
    CreateSubscriptionCommand,
    PlanKey,
    RatePlanCommand,
    RequestedDates,
)
from zorders.services.orders.create import create_order

TENANT = "t" * 32
CTX = CommandContext(TENANT, datetime(2025, 1, 1, 12, tzinfo=UTC), "req")
NEW = {
    "subscription_plans": [{"plan_number": "PRP-00000001"}],
    "initial_term": {"type": "termed", "interval": "month", "interval_count": 12},
    "renewal_term": {"type": "evergreen"},
    "start_on": {"contract_effective": "2025-01-01"},
}


@pytest.fixture
def uows() -> FakeUnitOfWorkFactory:
    factory = FakeUnitOfWorkFactory()
    factory.state.catalog.load(TENANT, PRODUCT, BASIC, BASIC_CHARGES)
    factory.state.catalog.load(TENANT, PRODUCT, PRO, (PRO_PLATFORM, PRO_SEATS))
    return factory


@pytest.fixture
def account(uows: FakeUnitOfWorkFactory) -> Account:
    with uows() as uow:
        created = create_account(
            uow, CTX, AccountDraft("Acme", "USD", ContactInfo("Ada", "Lovelace"), bill_cycle_day=1)
        )
        uow.commit()
    return created


@pytest.fixture
def uow(uows: FakeUnitOfWorkFactory) -> Iterator[FakeUnitOfWork]:
    with uows() as opened:
        yield opened


def body(**fields: Any) -> CreateOrderIn:
    return CreateOrderIn.model_validate({"order_date": "2025-01-01", **fields})


def test_a_new_subscription_translates_to_the_v1_command() -> None:
    command = translate(
        body(
            account_number="A00000001",
            category="sale",
            subscriptions=[
                {
                    **NEW,
                    "subscription_number": "SUB-NEW",
                    "subscription_plans": [
                        {
                            "plan_id": "prp-basic",
                            "prices": [
                                {
                                    "price_id": "prpc-seats",
                                    "quantity": 5,
                                    "unit_amount": "10.5",
                                    "start_event": "service_activation",
                                }
                            ],
                        }
                    ],
                }
            ],
        )
    )
    assert (command.existing_account, command.new_account) == ("A00000001", None)
    assert command.category is OrderCategory.NEW_SALES
    assert command.status is None
    (item,) = command.subscriptions
    assert item.subscription_number is None  # the create names it
    (action,) = item.actions
    assert action.type is OrderActionType.CREATE_SUBSCRIPTION
    assert action.trigger_dates == RequestedDates(contract_effective=date(2025, 1, 1))
    payload = action.payload
    assert isinstance(payload, CreateSubscriptionCommand)
    assert payload.subscription_number == "SUB-NEW"
    assert payload.terms == InitialTerms(
        TermType.TERMED,
        TermLength(12, PeriodType.MONTH),
        renewal_setting=RenewalSetting.RENEW_TO_EVERGREEN,
    )
    (plan,) = payload.rate_plans
    assert plan.plan == PlanKey(id="prp-basic")
    (override,) = plan.charge_overrides
    assert override.product_rate_plan_charge_id == "prpc-seats"
    assert override.trigger_event is TriggerEvent.SERVICE_ACTIVATION
    assert override.pricing == PricingOverride(quantity=Decimal(5), list_price=Decimal("10.5"))


@pytest.mark.parametrize(
    ("fields", "kind", "payload"),
    [
        (
            {"add_subscription_plans": [{"subscription_plan": {"plan_number": "PRP-00000002"}}]},
            OrderActionType.ADD_PRODUCT,
            AddProductCommand(RatePlanCommand(PlanKey(number="PRP-00000002"))),
        ),
        (
            {"remove_subscription_plans": [{"subscription_plan_id": "rp-1"}]},
            OrderActionType.REMOVE_PRODUCT,
            RemoveProduct(RatePlanRef(rate_plan_id="rp-1")),
        ),
        ({"renew": {}}, OrderActionType.RENEW_SUBSCRIPTION, RenewSubscription()),
        (
            {"cancel": {"cancel_at": "subscription_term_end"}},
            OrderActionType.CANCEL_SUBSCRIPTION,
            CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM),
        ),
        (
            {"cancel": {"cancel_date": "2025-03-01"}},
            OrderActionType.CANCEL_SUBSCRIPTION,
            CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2025, 3, 1)),
        ),
        (
            {"pause": {"pause_date": "2025-02-01"}},
            OrderActionType.SUSPEND,
            Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=date(2025, 2, 1)),
        ),
        (
            {"pause": {"pause_interval": "month", "pause_interval_count": 2}},
            OrderActionType.SUSPEND,
            Suspend(SuspendPolicy.FIXED_PERIODS_FROM_TODAY, 2, PeriodType.MONTH),
        ),
        (
            {"resume": {"resume_at": "pause_date", "extend_term": True}},
            OrderActionType.RESUME,
            Resume(ResumePolicy.SUSPEND_DATE, extends_term=True),
        ),
    ],
)
def test_the_fields_of_an_item_imply_its_action(
    fields: dict[str, Any], kind: OrderActionType, payload: object
) -> None:
    command = translate(
        body(account_number="A1", subscriptions=[{"subscription_number": "S-1", **fields}])
    )
    (item,) = command.subscriptions
    assert item.subscription_number == "S-1"
    (action,) = item.actions
    assert action.type is kind
    assert action.payload == payload


def test_replace_is_change_plan() -> None:
    command = translate(
        body(
            account_number="A1",
            subscriptions=[
                {
                    "subscription_number": "S-1",
                    "replace_subscription_plans": [
                        {
                            "subscription_plan_id": "rp-1",
                            "subscription_plan": {"plan_number": "PRP-00000002"},
                            "replace_at": "specific_date",
                            "replacement_type": "upgrade",
                            "start_on": {"contract_effective": "2025-02-01"},
                        }
                    ],
                }
            ],
        )
    )
    payload = command.subscriptions[0].actions[0].payload
    assert isinstance(payload, ChangePlanCommand)
    assert payload.target == RatePlanRef(rate_plan_id="rp-1")
    assert payload.new_rate_plan.plan == PlanKey(number="PRP-00000002")
    assert payload.effective_policy is ChangePlanEffectivePolicy.SPECIFIC_DATE
    assert payload.effective_date == date(2025, 2, 1)
    assert payload.sub_type is ChangePlanSubType.UPGRADE


def test_states_categories_and_line_items() -> None:
    command = translate(
        body(
            account_number="A1",
            state="draft",
            category="return",
            line_items=[{"name": "Headset", "type": "fee", "state": "pending", "quantity": 1}],
        )
    )
    assert command.status is OrderStatus.DRAFT
    assert command.category is OrderCategory.RETURN
    (item,) = command.line_items
    assert (item.item_type, item.item_state) == (ItemType.FEE, ItemState.EXECUTING)


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        (
            {"account_number": "A1", "subscriptions": [{**NEW, "renew": {}}]},
            ErrorCode.INVALID_VALUE,
            "subscriptions[0].renew",
        ),
        (
            {"account_number": "A1", "subscriptions": [{"subscription_number": "S-1"}]},
            ErrorCode.MISSING_FIELD,
            "subscriptions[0].subscription_plans",
        ),
        (
            {"account_number": "A1", "account_id": "x"},
            ErrorCode.INVALID_VALUE,
            "account_id",
        ),
        ({"account_number": "A1", "state": "executing"}, ErrorCode.INVALID_VALUE, "state"),
        (
            {"account_number": "A1", "state": "scheduled"},
            ErrorCode.MISSING_FIELD,
            "scheduling_options.scheduled_date",
        ),
        (
            {"account_number": "A1", "subscriptions": [{"subscription_number": "S", "cancel": {}}]},
            ErrorCode.MISSING_FIELD,
            "subscriptions[0].cancel.cancel_date",
        ),
    ],
)
def test_refused_bodies(fields: dict[str, Any], code: ErrorCode, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        translate(body(**fields))
    assert (refused.value.code, refused.value.field) == (code, field)


def test_the_translated_command_runs_over_the_fake_unit_of_work(
    uow: FakeUnitOfWork, account: Account
) -> None:
    outcome = create_order(uow, CTX, translate(body(account_id=account.id, subscriptions=[NEW])))
    assert outcome.order.status is OrderStatus.COMPLETED
    (version,) = outcome.versions
    assert (version.number, version.version) == ("A-S00000001", 1)
    assert version.terms.term_end_date == date(2026, 1, 1)
    assert version.terms.renewal_setting is RenewalSetting.RENEW_TO_EVERGREEN
    (action,) = outcome.order.subscriptions[0].actions
    assert action.request == {"v2": {"subscription_plans": [{"plan_number": "PRP-00000001"}]}}

    cancel = create_order(
        uow,
        CTX,
        translate(
            body(
                account_number=account.account_number,
                subscriptions=[
                    {"subscription_number": "A-S00000001", "cancel": {"cancel_date": "2025-06-01"}}
                ],
            )
        ),
    )
    (cancelled,) = cancel.versions
    assert (cancelled.version, cancelled.cancelled_date) == (2, date(2025, 6, 1))
