"""The order use cases on typed commands, over the in-memory unit of work (issue 9).

No HTTP and no database: these are the fast suite a second dialect (v2) reuses, since
they drive the services with commands only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from tests.service.fakes import FakeUnitOfWork, FakeUnitOfWorkFactory
from tests.unit.orders.builders import BASIC, BASIC_CHARGES, PRO, PRO_PLATFORM, PRO_SEATS, PRODUCT
from zorders.domain.accounts import Account, AccountDraft, ContactInfo
from zorders.domain.calendar import PeriodType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    InitialTerms,
    OrderActionType,
)
from zorders.domain.orders.model import OrderStatus
from zorders.domain.subscription.model import ExternallyManagedBy, TermLength, TermType
from zorders.services.accounts import create_account
from zorders.services.context import CommandContext
from zorders.services.orders import lifecycle
from zorders.services.orders.commands import (
    ActionCommand,
    AddProductCommand,
    CreateOrder,
    CreateSubscriptionCommand,
    PlanKey,
    PreviewOrder,
    ProcessingOptions,
    RatePlanCommand,
    SubscriptionCommand,
    UpdateCustomFields,
    UpdateOrder,
    UpdateOrderAction,
)
from zorders.services.orders.create import create_order, preview_order

TENANT = "t" * 32
ORDER_DATE = date(2025, 1, 1)
CTX = CommandContext(TENANT, datetime(2025, 1, 1, 12, tzinfo=UTC), "req")


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


def subscribe(plan: PlanKey = PlanKey(number="PRP-00000001"), **fields: object) -> ActionCommand:
    return ActionCommand(
        type=OrderActionType.CREATE_SUBSCRIPTION,
        payload=CreateSubscriptionCommand(
            terms=InitialTerms(TermType.TERMED, TermLength(12, PeriodType.MONTH)),
            rate_plans=(RatePlanCommand(plan),),
            **fields,  # type: ignore[arg-type]
        ),
    )


def order(account: Account, *items: SubscriptionCommand, **fields: object) -> CreateOrder:
    return CreateOrder(
        order_date=ORDER_DATE,
        existing_account=account.account_number,
        subscriptions=items or (SubscriptionCommand((subscribe(),)),),
        **fields,  # type: ignore[arg-type]
    )


def draft(account: Account, *items: SubscriptionCommand) -> CreateOrder:
    return order(account, *items, status=OrderStatus.DRAFT)


def action_ids(uow: FakeUnitOfWork, number: str) -> list[str]:
    stored = uow.orders.get(TENANT, number)
    assert stored is not None
    return [a.id for s in stored.subscriptions for a in s.actions]


def test_create_executes_and_stores_one_version(uow: FakeUnitOfWork, account: Account) -> None:
    outcome = create_order(uow, CTX, order(account))
    assert outcome.order.status is OrderStatus.COMPLETED
    (version,) = outcome.versions
    assert version.number == "A-S00000001"
    assert uow.subscriptions.latest(TENANT, "A-S00000001") == version
    assert outcome.owners[version.account_id] == account
    assert outcome.order.command is None


def test_a_draft_stores_its_command_with_ids_and_executes_nothing(
    uow: FakeUnitOfWork, account: Account
) -> None:
    outcome = create_order(uow, CTX, draft(account))
    saved = uow.orders.get(TENANT, outcome.order.number)
    assert saved is not None and saved.status is OrderStatus.DRAFT
    assert isinstance(saved.command, CreateOrder)
    (item,) = saved.command.subscriptions
    assert [a.id for a in item.actions] == action_ids(uow, saved.number)
    assert all(action_ids(uow, saved.number))
    assert uow.subscriptions.versions == {}


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (
            SubscriptionCommand((subscribe(PlanKey(number="NOPE")),)),
            ErrorCode.CATALOG_REFERENCE_NOT_FOUND,
        ),
        (
            SubscriptionCommand(
                (
                    ActionCommand(
                        OrderActionType.ADD_PRODUCT,
                        AddProductCommand(RatePlanCommand(PlanKey(id=PRO.id))),
                    ),
                ),
                subscription_number="A-S09999999",
            ),
            ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER,
        ),
        (
            SubscriptionCommand((subscribe(owner_account="A09999999"),)),
            ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER,
        ),
    ],
)
def test_a_draft_is_validated_at_save_and_nothing_is_stored(
    uows: FakeUnitOfWorkFactory, account: Account, bad: SubscriptionCommand, code: ErrorCode
) -> None:
    with pytest.raises(DomainError) as raised, uows() as uow:
        create_order(uow, CTX, draft(account, bad))
        uow.commit()
    assert raised.value.code is code
    assert uows.state.orders.rows == {}
    assert uows.state.subscriptions.versions == {}


def test_a_draft_validation_run_consumes_no_number(uow: FakeUnitOfWork, account: Account) -> None:
    create_order(uow, CTX, draft(account))
    outcome = create_order(uow, CTX, order(account))
    assert outcome.versions[0].number == "A-S00000001"


def test_an_edited_action_survives_activation_with_its_id(
    uow: FakeUnitOfWork, account: Account
) -> None:
    number = create_order(uow, CTX, draft(account)).order.number
    (action_id,) = action_ids(uow, number)
    lifecycle.update_order_action(
        uow,
        CTX,
        UpdateOrderAction(action_id, "upsell", True, {"Why__c": "upsell"}),
    )
    done = lifecycle.activate(uow, CTX, number)
    assert done.order.status is OrderStatus.COMPLETED
    (record,) = done.order.subscriptions[0].actions
    assert (record.id, record.change_reason, record.custom_fields) == (
        action_id,
        "upsell",
        {"Why__c": "upsell"},
    )
    assert action_ids(uow, number) == [action_id]
    with pytest.raises(DomainError) as again:
        lifecycle.activate(uow, CTX, number)
    assert again.value.code is ErrorCode.INVALID_ORDER_STATE


def test_custom_fields_of_a_draft_reach_the_subscription_on_activation(
    uow: FakeUnitOfWork, account: Account
) -> None:
    items = (SubscriptionCommand((subscribe(),), custom_fields={"Team__c": "ops"}),)
    number = create_order(uow, CTX, draft(account, *items)).order.number
    lifecycle.update_custom_fields(uow, CTX, UpdateCustomFields(number, {"Channel__c": "web"}))
    done = lifecycle.activate(uow, CTX, number)
    assert done.order.custom_fields == {"Channel__c": "web"}
    assert done.versions[0].custom_fields == {"Team__c": "ops"}


def test_update_replaces_keeping_named_ids(uow: FakeUnitOfWork, account: Account) -> None:
    one, two = SubscriptionCommand((subscribe(),)), SubscriptionCommand((subscribe(),))
    number = create_order(uow, CTX, draft(account, one, two)).order.number
    first, second = action_ids(uow, number)
    kept = replace(subscribe(subscription_number="MINE-1"), id=second)
    fresh = subscribe(subscription_number="MINE-2")
    body = draft(account, SubscriptionCommand((kept,)), SubscriptionCommand((fresh,)))
    lifecycle.update_order(uow, CTX, UpdateOrder(number, body))
    ids = action_ids(uow, number)
    assert ids[0] == second and ids[1] not in (first, second)
    done = lifecycle.activate(uow, CTX, number)
    assert [v.number for v in done.versions] == ["MINE-1", "MINE-2"]
    assert action_ids(uow, number) == ids


def test_update_refuses_another_order_number(uow: FakeUnitOfWork, account: Account) -> None:
    number = create_order(uow, CTX, draft(account)).order.number
    with pytest.raises(DomainError) as raised:
        lifecycle.update_order(
            uow, CTX, UpdateOrder(number, replace(draft(account), order_number="O-OTHER"))
        )
    assert raised.value.code is ErrorCode.INVALID_VALUE
    assert raised.value.field == "order_number"


def test_update_refuses_an_unknown_action_id(uow: FakeUnitOfWork, account: Account) -> None:
    number = create_order(uow, CTX, draft(account)).order.number
    stranger = SubscriptionCommand((replace(subscribe(), id="f" * 32),))
    with pytest.raises(DomainError) as raised:
        lifecycle.update_order(uow, CTX, UpdateOrder(number, draft(account, stranger)))
    assert raised.value.code is ErrorCode.ORDER_ACTION_NOT_FOUND


def test_update_that_executes_takes_the_create_path(uow: FakeUnitOfWork, account: Account) -> None:
    number = create_order(uow, CTX, draft(account)).order.number
    done = lifecycle.update_order(uow, CTX, UpdateOrder(number, order(account)))
    assert done.order.status is OrderStatus.COMPLETED
    assert done.versions[0].number == "A-S00000001"
    # The processing rules are create's: collectPayment needs runBilling.
    other = create_order(uow, CTX, draft(account)).order.number
    processing = ProcessingOptions(collect_payment=True)
    with pytest.raises(DomainError) as raised:
        lifecycle.update_order(
            uow, CTX, UpdateOrder(other, replace(order(account), processing=processing))
        )
    assert raised.value.code is ErrorCode.PROCESSING_NOT_SUPPORTED


def test_scheduled_date_before_the_order_date_is_refused(
    uow: FakeUnitOfWork, account: Account
) -> None:
    command = replace(
        order(account), status=OrderStatus.SCHEDULED, scheduled_date=date(2024, 12, 31)
    )
    with pytest.raises(DomainError) as raised:
        create_order(uow, CTX, command)
    assert raised.value.field == "scheduling_options.scheduled_date"
    # Today (CTX) is the order date: not a future date (SO9).
    with pytest.raises(DomainError) as raised:
        create_order(uow, CTX, replace(command, scheduled_date=ORDER_DATE))
    assert "must be a future date" in raised.value.message
    ok = replace(command, scheduled_date=date(2025, 1, 2))
    saved = create_order(uow, CTX, ok).order
    assert saved.status is OrderStatus.SCHEDULED
    # Its execution is recorded with it: due at the start of its date (SO1).
    [job] = uow.jobs.of_tenant(CTX.tenant_id)
    assert (job.kind, job.run_at) == ("scheduled_order", datetime(2025, 1, 2, tzinfo=UTC))
    assert job.payload == {
        "order_id": saved.id,
        "order_number": saved.number,
        "scheduled_date": "2025-01-02",
    }


def test_processing_options_on_a_draft_are_refused(uow: FakeUnitOfWork, account: Account) -> None:
    command = replace(draft(account), processing=ProcessingOptions(run_billing=True))
    with pytest.raises(DomainError) as raised:
        create_order(uow, CTX, command)
    assert raised.value.code is ErrorCode.INVALID_ORDER_STATE


def test_externally_managed_by_is_kept_on_the_subscription(
    uow: FakeUnitOfWork, account: Account
) -> None:
    item = SubscriptionCommand((subscribe(externally_managed_by=ExternallyManagedBy.APPLE),))
    outcome = create_order(uow, CTX, order(account, item))
    assert outcome.versions[0].externally_managed_by is ExternallyManagedBy.APPLE


def test_an_invalid_action_in_a_draft_fails_at_save(uow: FakeUnitOfWork, account: Account) -> None:
    create_order(uow, CTX, order(account))
    cancel = ActionCommand(
        OrderActionType.CANCEL_SUBSCRIPTION,
        CancelSubscription(CancellationPolicy.SPECIFIC_DATE, date(2020, 1, 1)),
    )
    with pytest.raises(DomainError) as raised:
        create_order(
            uow,
            CTX,
            draft(account, SubscriptionCommand((cancel,), subscription_number="A-S00000001")),
        )
    assert raised.value.code is ErrorCode.INVALID_ACTION_DATE


def test_preview_runs_the_create_path(uow: FakeUnitOfWork, account: Account) -> None:
    outcome = preview_order(uow, CTX, PreviewOrder(draft(account)))
    assert outcome.order.status is OrderStatus.COMPLETED
    assert len(outcome.versions) == 1
