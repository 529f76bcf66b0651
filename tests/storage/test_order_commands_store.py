"""A Draft order's command, stored whole in the order's document (K4), on SQLite and
PostgreSQL: every payload type, dates, Decimals and enums come back equal."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from tests.storage.test_subscription_store import make_tenant
from zorders.api.v1.orders import create_order as v1_create_order
from zorders.bootstrap import Container
from zorders.domain.orders.model import Order, OrderStatus
from zorders.services.ids import new_id
from zorders.services.orders.commands import CreateOrder
from zorders.storage.documents import order_from_document, order_to_document

TERM = {"initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"}}
CE = [{"name": "ContractEffective", "triggerDate": "2025-01-01"}]


def _action(kind: str, payload: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": kind, "triggerDates": CE, **extra}
    if payload is not None:
        body[kind[0].lower() + kind[1:]] = payload
    return body


def every_payload() -> CreateOrder:
    plan = {
        "productRatePlanNumber": "P-1",
        "chargeOverrides": [
            {
                "productRatePlanChargeId": "c" * 32,
                "pricing": {"recurringPerUnit": {"listPrice": "12.50", "quantity": 3}},
                "billing": {"billingPeriod": "Quarter"},
                "startDate": {"triggerEvent": "SpecificDate", "specificTriggerDate": "2025-02-01"},
            }
        ],
        "customFields": {"Rate__c": "1.10"},
    }
    body = {
        "orderDate": "2025-01-01",
        "existingAccountNumber": "A00000001",
        "status": "Draft",
        "customFields": {"Channel__c": "web"},
        "subscriptions": [
            {
                "customFields": {"Team__c": "ops"},
                "orderActions": [
                    _action(
                        "CreateSubscription",
                        {
                            "terms": TERM,
                            "subscribeToRatePlans": [plan],
                            "externallyManagedBy": "Roku",
                        },
                        customFields={"Why__c": 1},
                    )
                ],
            },
            {
                "subscriptionNumber": "A-S00000001",
                "orderActions": [
                    _action("AddProduct", plan),
                    _action(
                        "UpdateProduct",
                        {
                            "ratePlanId": "r" * 32,
                            "chargeUpdates": [
                                {
                                    "chargeNumber": "C-1",
                                    "pricing": {"recurringFlatFee": {"listPrice": 9}},
                                }
                            ],
                        },
                    ),
                    _action("RemoveProduct", {"productRatePlanNumber": "P-1"}),
                    _action("RenewSubscription"),
                    _action(
                        "Suspend",
                        {
                            "suspendPolicy": "FixedPeriodsFromToday",
                            "suspendPeriods": 2,
                            "suspendPeriodsType": "Week",
                        },
                    ),
                    _action(
                        "Resume",
                        {"resumePolicy": "SpecificDate", "resumeSpecificDate": "2025-03-01"},
                    ),
                    _action("TermsAndConditions", {"lastTerm": {"termType": "EVERGREEN"}}),
                    _action("OwnerTransfer", {"destinationAccountNumber": "A00000002"}),
                    _action(
                        "ChangePlan",
                        {
                            "ratePlanId": "r" * 32,
                            "newProductRatePlan": {"productRatePlanId": "p" * 32},
                        },
                    ),
                    _action("CancelSubscription", {"cancellationPolicy": "EndOfCurrentTerm"}),
                ],
            },
        ],
    }
    command = v1_create_order(body)
    return replace(
        command,
        subscriptions=tuple(
            replace(s, actions=tuple(replace(a, id=new_id()) for a in s.actions))
            for s in command.subscriptions
        ),
    )


def _order(command: CreateOrder) -> Order:
    now = datetime(2025, 1, 1, 12, tzinfo=UTC)
    return Order(
        id=new_id(),
        number="O-00000001",
        account_id="a" * 32,
        status=OrderStatus.DRAFT,
        order_date=date(2025, 1, 1),
        command=command,
        created_at=now,
        updated_at=now,
    )


def test_a_command_round_trips_through_its_json_document() -> None:
    order = _order(every_payload())
    document = json.loads(json.dumps(order_to_document(order)))
    assert order_from_document(document) == order


def test_a_command_round_trips_through_the_database(container: Container) -> None:
    tenant = make_tenant(container)
    order = _order(every_payload())
    with container.uow_factory() as uow:
        uow.orders.add(tenant, order)
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        assert uow.orders.get(tenant, order.number) == order
