"""Orders: stored losslessly, found by number, action, subscription and owner."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.storage.test_subscription_store import make_tenant, rich_subscription
from zorders.bootstrap import Container
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.orders.model import (
    Order,
    OrderActionRecord,
    OrderCategory,
    OrderStatus,
    OrderSubscription,
)
from zorders.services.ids import new_id
from zorders.storage.documents import order_from_document, order_to_document

T0 = datetime(2024, 3, 1, 12, 0, 0, 654321, tzinfo=UTC)
A, B = "a" * 32, "b" * 32


def action(type_: OrderActionType, sequence: int = 0, **changes: object) -> OrderActionRecord:
    record = OrderActionRecord(
        id=new_id(),
        sequence=sequence,
        type=type_,
        trigger_dates={"ContractEffective": date(2024, 1, 1)},
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def make_order(
    number: str,
    *,
    account_id: str = A,
    subscriptions: tuple[str, ...] = (),
    status: OrderStatus = OrderStatus.COMPLETED,
    order_date: date = date(2024, 1, 10),
    created_at: datetime = T0,
    updated_at: datetime | None = None,
) -> Order:
    return Order(
        id=new_id(),
        number=number,
        account_id=account_id,
        status=status,
        order_date=order_date,
        subscriptions=tuple(
            OrderSubscription(
                subscription_number=s,
                sequence=n,
                actions=(action(OrderActionType.ADD_PRODUCT),),
            )
            for n, s in enumerate(subscriptions)
        ),
        created_at=created_at,
        updated_at=updated_at or created_at,
    )


def rich_order() -> Order:
    return Order(
        id=new_id(),
        number="O-00000001",
        account_id=A,
        status=OrderStatus.PENDING,
        order_date=date(2024, 1, 1),
        category=OrderCategory.RETURN,
        description="two subscriptions",
        reason_code=None,
        custom_fields={"po__c": Decimal("12.50"), "ref__c": "X-1", "n__c": 3},
        subscriptions=(
            OrderSubscription(
                subscription_number="A-S00000001",
                sequence=0,
                actions=(
                    OrderActionRecord(
                        id=new_id(),
                        sequence=0,
                        type=OrderActionType.CREATE_SUBSCRIPTION,
                        trigger_dates={
                            "ContractEffective": date(2024, 1, 1),
                            "ServiceActivation": date(2024, 1, 3),
                        },
                        change_reason="new",
                        custom_fields={"rate__c": Decimal("0.10")},
                        request={
                            "subscribeToRatePlans": [
                                {"productRatePlanId": "p1", "price": Decimal("9.90")}
                            ],
                            "terms": {"autoRenew": True, "initialTerm": {"period": 12}},
                        },
                        result={"subscription_id": new_id(), "when": date(2024, 1, 3)},
                        pending=True,
                    ),
                    OrderActionRecord(
                        id=new_id(),
                        sequence=1,
                        type=OrderActionType.SUSPEND,
                        trigger_dates={},
                    ),
                ),
                base_version=None,
                new_version=1,
                custom_fields={"x__c": None},
                notes="first",
            ),
            OrderSubscription(
                subscription_number="A-S00000002",
                sequence=1,
                actions=(action(OrderActionType.RENEW_SUBSCRIPTION),),
                base_version=3,
                new_version=4,
            ),
        ),
        scheduled_date=date(2024, 2, 1),
        cancel_reason=None,
        request={"orderDate": "2024-01-01", "amount": Decimal("1.10"), "list": [1, 2.5, None]},
        created_by="4f1c4f7e-2b59-4b24-9a64-2f4b5d2a1f00",
        created_at=T0,
        updated_at=T0 + timedelta(hours=1),
    )


def _assert_same(loaded: Order | None, expected: Order) -> None:
    assert loaded == expected
    # Decimal equality ignores the scale; the documents do not.
    assert order_to_document(loaded) == order_to_document(expected)


def test_document_round_trip_is_lossless() -> None:
    order = rich_order()
    document = order_to_document(order)
    assert document["request"]["amount"] == {"$decimal": "1.10"}
    assert document["subscriptions"][0]["actions"][0]["trigger_dates"] == {
        "ContractEffective": "2024-01-01",
        "ServiceActivation": "2024-01-03",
    }
    back = order_from_document(document)
    _assert_same(back, order)
    assert str(back.request["amount"]) == "1.10"
    assert back.subscriptions[0].actions[0].result["when"] == date(2024, 1, 3)


def test_store_round_trip_and_lookups(container: Container) -> None:
    t, other = make_tenant(container), make_tenant(container)
    order = rich_order()
    with container.uow_factory() as uow:
        assert not uow.orders.number_in_use(t, order.number)
        uow.orders.add(t, order)
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        _assert_same(uow.orders.get(t, order.number), order)
        assert uow.orders.number_in_use(t, order.number)
        first_action = order.subscriptions[0].actions[1]
        _assert_same(uow.orders.find_action(t, first_action.id), order)
        assert uow.orders.find_action(t, new_id()) is None
        assert uow.orders.count_for_subscription(t, "A-S00000002") == 1
        # Tenants do not see each other's orders.
        assert uow.orders.get(other, order.number) is None
        assert uow.orders.find_action(other, first_action.id) is None
        assert not uow.orders.number_in_use(other, order.number)
    with container.uow_factory() as uow:
        _assert_same(uow.orders.get(t, order.number, for_update=True), order)


def test_an_order_number_taken_twice(container: Container) -> None:
    t = make_tenant(container)
    with container.uow_factory() as uow:
        uow.orders.add(t, make_order("O-1"))
        uow.commit()
    with container.uow_factory() as uow, pytest.raises(DomainError) as caught:
        uow.orders.add(t, make_order("O-1"))
    assert caught.value.code is ErrorCode.ORDER_NUMBER_TAKEN


def test_update_rewrites_the_document_and_index_rows(container: Container) -> None:
    t = make_tenant(container)
    order = make_order("O-1", subscriptions=("S-1", "S-2"), status=OrderStatus.DRAFT)
    with container.uow_factory() as uow:
        uow.orders.add(t, order)
        uow.commit()
    old_action = order.subscriptions[0].actions[0].id
    changed = replace(
        order,
        status=OrderStatus.SCHEDULED,
        scheduled_date=date(2024, 4, 1),
        subscriptions=(
            OrderSubscription("S-2", 0, (action(OrderActionType.REMOVE_PRODUCT),)),
            OrderSubscription("S-3", 1, (action(OrderActionType.ADD_PRODUCT),)),
        ),
        updated_at=T0 + timedelta(days=1),
    )
    with container.uow_factory() as uow:
        uow.orders.update(t, changed)
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        repo = uow.orders
        _assert_same(repo.get(t, "O-1"), changed)
        assert repo.find_action(t, old_action) is None
        assert repo.find_action(t, changed.subscriptions[1].actions[0].id) == changed
        assert [repo.count_for_subscription(t, s) for s in ("S-1", "S-2", "S-3")] == [0, 1, 1]
        assert repo.list(t, offset=0, limit=10, statuses=frozenset({OrderStatus.SCHEDULED})) == [
            changed
        ]


def test_delete_removes_the_order_and_its_index_rows(container: Container) -> None:
    t = make_tenant(container)
    keep = make_order("O-1", subscriptions=("S-1",))
    gone = make_order("O-2", subscriptions=("S-1",))
    with container.uow_factory() as uow:
        uow.orders.add(t, keep)
        uow.orders.add(t, gone)
        uow.orders.delete(t, gone.id)
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        assert uow.orders.get(t, "O-2") is None
        assert not uow.orders.number_in_use(t, "O-2")
        assert uow.orders.find_action(t, gone.subscriptions[0].actions[0].id) is None
        assert uow.orders.count_for_subscription(t, "S-1") == 1
        assert uow.orders.get(t, "O-1") == keep


def test_list_filters(container: Container) -> None:
    t = make_tenant(container)
    # S-1 is stored and owned by A; S-2 is not stored yet (a Draft creates it): its owner is
    # taken to be the order's account.
    with container.uow_factory() as uow:
        uow.subscriptions.add_version(t, rich_subscription("S-1", account_id=A), T0)
        uow.commit()
    o1 = make_order("O-1", subscriptions=("S-1",), order_date=date(2024, 1, 10))
    o2 = make_order(
        "O-2",
        subscriptions=("S-2",),
        status=OrderStatus.DRAFT,
        order_date=date(2024, 2, 10),
        created_at=T0 + timedelta(seconds=1),
        updated_at=datetime(2024, 5, 1, 23, 59, 59, tzinfo=UTC),
    )
    o3 = make_order(
        "O-3",
        account_id=B,
        subscriptions=("S-1", "S-4"),
        order_date=date(2024, 3, 10),
        created_at=T0 + timedelta(seconds=1),
        updated_at=datetime(2024, 5, 2, tzinfo=UTC),
    )
    o4 = make_order("O-4", account_id=B, order_date=date(2024, 3, 11), created_at=T0 - timedelta(1))
    with container.uow_factory() as uow:
        for order in (o3, o1, o4, o2):
            uow.orders.add(t, order)
        uow.commit()

    def numbers(**filters: object) -> list[str]:
        with container.uow_factory(read_only=True) as uow:
            found = uow.orders.list(t, offset=0, limit=100, **filters)  # type: ignore[arg-type]
        return [o.number for o in found]

    # Oldest first: created_at, then number.
    assert numbers() == ["O-4", "O-1", "O-2", "O-3"]
    assert numbers(account_id=A) == ["O-1", "O-2"]
    assert numbers(account_id=B) == ["O-4", "O-3"]
    assert numbers(subscription_number="S-1") == ["O-1", "O-3"]
    assert numbers(subscription_number="S-4") == ["O-3"]
    assert numbers(subscription_owner_account_id=A) == ["O-1", "O-2", "O-3"]
    # O-3 names S-4, which is not stored: its owner is O-3's account.
    assert numbers(subscription_owner_account_id=B) == ["O-3"]
    assert numbers(statuses=frozenset({OrderStatus.COMPLETED})) == ["O-4", "O-1", "O-3"]
    assert numbers(statuses=frozenset({OrderStatus.DRAFT, OrderStatus.CANCELLED})) == ["O-2"]
    assert numbers(statuses=frozenset()) == []
    assert numbers(start_date=date(2024, 2, 10), end_date=date(2024, 3, 10)) == ["O-2", "O-3"]
    assert numbers(end_date=date(2024, 1, 10)) == ["O-1"]
    assert numbers(
        date_field="updated_date", start_date=date(2024, 5, 1), end_date=date(2024, 5, 1)
    ) == ["O-2"]
    assert numbers(date_field="updated_date", start_date=date(2024, 5, 2)) == ["O-3"]
    assert numbers(account_id=B, subscription_number="S-1", statuses=None) == ["O-3"]
    with container.uow_factory(read_only=True) as uow:
        page = uow.orders.list(t, offset=1, limit=2)
        assert [o.number for o in page] == ["O-1", "O-2"]
        assert uow.orders.count_for_subscription(t, "S-1") == 2
        with pytest.raises(ValueError):
            uow.orders.list(t, offset=0, limit=1, date_field="created_date")
