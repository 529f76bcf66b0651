"""In-memory repositories and unit of work for the order use cases (cosmicpython's fakes).

They implement what the order services call of the Protocols of `services/ports/`;
values are kept as the frozen dataclasses they are, and a rollback restores the state
the unit of work began with, so "nothing stored" is observable as in the database."""

from __future__ import annotations

import copy
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument, DocumentStatus
from zorders.domain.billing.items import DocumentItem
from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.domain.line_items.model import Fulfillment, FulfillmentState, ItemState, LineItem
from zorders.domain.numbering import NumberKind
from zorders.domain.orders.model import Order, OrderStatus
from zorders.domain.subscription.model import Subscription
from zorders.services.ports import JobRecord


class FakeSequences:
    def __init__(self) -> None:
        self.values: dict[tuple[str, NumberKind], int] = {}

    def next_value(self, tenant_id: str, kind: NumberKind) -> int:
        key = (tenant_id, kind)
        self.values[key] = self.values.get(key, 0) + 1
        return self.values[key]


class FakeTenants:
    def __init__(self) -> None:
        self.settings: dict[str, dict[str, Any]] = {}

    def get_settings(self, tenant_id: str) -> dict[str, Any]:
        return dict(self.settings.get(tenant_id, {}))

    def set_settings(self, tenant_id: str, settings: dict[str, Any]) -> None:
        self.settings[tenant_id] = dict(settings)


class FakeAccounts:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Account] = {}

    def add(self, tenant_id: str, account: Account) -> None:
        self.rows[(tenant_id, account.id)] = account

    def update(self, tenant_id: str, account: Account) -> None:
        self.rows[(tenant_id, account.id)] = account

    def get(self, tenant_id: str, account_id: str, *, for_update: bool = False) -> Account | None:
        return self.rows.get((tenant_id, account_id))

    def get_by_number(
        self, tenant_id: str, account_number: str, *, for_update: bool = False
    ) -> Account | None:
        return next(
            (
                a
                for (t, _), a in self.rows.items()
                if t == tenant_id and a.account_number == account_number
            ),
            None,
        )

    def get_by_key(self, tenant_id: str, key: str, *, for_update: bool = False) -> Account | None:
        return self.get(tenant_id, key) or self.get_by_number(tenant_id, key)

    def number_taken(self, tenant_id: str, account_number: str) -> bool:
        return self.get_by_number(tenant_id, account_number) is not None

    def list_all(self, tenant_id: str) -> list[Account]:
        return [a for (t, _), a in sorted(self.rows.items()) if t == tenant_id]


class FakeCatalog:
    def __init__(self) -> None:
        self.products: dict[tuple[str, str], Product] = {}
        self.plans: dict[tuple[str, str], ProductRatePlan] = {}
        self.charges: dict[tuple[str, str], ProductRatePlanCharge] = {}

    def load(
        self,
        tenant_id: str,
        product: Product,
        plan: ProductRatePlan,
        charges: Iterable[ProductRatePlanCharge],
    ) -> None:
        self.products[(tenant_id, product.id)] = product
        self.plans[(tenant_id, plan.id)] = plan
        for charge in charges:
            self.charges[(tenant_id, charge.id)] = charge

    def order_plan(
        self, tenant_id: str, *, plan_id: str | None = None, number: str | None = None
    ) -> tuple[Product, ProductRatePlan, tuple[ProductRatePlanCharge, ...]] | None:
        plan = (
            self.get_plan(tenant_id, plan_id)
            if plan_id
            else self.find_plan_by_number(tenant_id, number or "")
        )
        product = self.get_product(tenant_id, plan.product_id) if plan else None
        if plan is None or product is None:
            return None
        return product, plan, tuple(self.list_charges(tenant_id, [plan.id]))

    def get_product(self, tenant_id: str, product_id: str) -> Product | None:
        return self.products.get((tenant_id, product_id))

    def get_plan(self, tenant_id: str, plan_id: str) -> ProductRatePlan | None:
        return self.plans.get((tenant_id, plan_id))

    def find_plan_by_number(self, tenant_id: str, number: str) -> ProductRatePlan | None:
        return next(
            (
                p
                for (t, _), p in self.plans.items()
                if t == tenant_id and p.product_rate_plan_number == number
            ),
            None,
        )

    def get_charge(self, tenant_id: str, charge_id: str) -> ProductRatePlanCharge | None:
        return self.charges.get((tenant_id, charge_id))

    def list_charges(self, tenant_id: str, plan_ids: Iterable[str]) -> list[ProductRatePlanCharge]:
        wanted = set(plan_ids)
        return [
            c
            for (t, _), c in self.charges.items()
            if t == tenant_id and c.product_rate_plan_id in wanted
        ]


class FakeSubscriptions:
    def __init__(self) -> None:
        # (tenant, number) -> versions, oldest first
        self.versions: dict[tuple[str, str], list[Subscription]] = {}

    def add_version(self, tenant_id: str, subscription: Subscription, created_at: datetime) -> None:
        self.versions.setdefault((tenant_id, subscription.number), []).append(subscription)

    def latest(
        self, tenant_id: str, number: str, *, for_update: bool = False
    ) -> Subscription | None:
        found = self.versions.get((tenant_id, number))
        return found[-1] if found else None

    def version(self, tenant_id: str, number: str, version: int) -> Subscription | None:
        return next(
            (v for v in self.versions.get((tenant_id, number), []) if v.version == version), None
        )

    def by_id(self, tenant_id: str, subscription_id: str) -> Subscription | None:
        return next(
            (
                v
                for (t, _), vs in self.versions.items()
                if t == tenant_id
                for v in vs
                if v.id == subscription_id
            ),
            None,
        )

    def number_in_use(self, tenant_id: str, number: str) -> bool:
        return bool(self.versions.get((tenant_id, number)))

    def latest_for_account(
        self, tenant_id: str, account_id: str, *, offset: int, limit: int
    ) -> list[Subscription]:
        """The latest versions of the subscriptions `account_id` owns, in the order they
        were made (insertion order stands for creation order here)."""
        owned = [
            vs[-1]
            for (t, _), vs in self.versions.items()
            if t == tenant_id and vs and vs[-1].account_id == account_id
        ]
        return owned[offset : offset + limit]

    def update_version(self, tenant_id: str, subscription: Subscription) -> None:
        versions = self.versions[(tenant_id, subscription.number)]
        index = next(i for i, v in enumerate(versions) if v.id == subscription.id)
        versions[index] = subscription

    def delete_versions_from(self, tenant_id: str, number: str, version: int) -> None:
        kept = [v for v in self.versions.get((tenant_id, number), []) if v.version < version]
        if kept:
            self.versions[(tenant_id, number)] = kept
        else:
            self.versions.pop((tenant_id, number), None)


class FakeOrders:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Order] = {}

    def add(self, tenant_id: str, order: Order, *, owners: Mapping[str, str] | None = None) -> None:
        assert (tenant_id, order.number) not in self.rows
        self.rows[(tenant_id, order.number)] = order

    def update(
        self, tenant_id: str, order: Order, *, owners: Mapping[str, str] | None = None
    ) -> None:
        assert (tenant_id, order.number) in self.rows
        self.rows[(tenant_id, order.number)] = order

    def get(self, tenant_id: str, number: str, *, for_update: bool = False) -> Order | None:
        found = self.rows.get((tenant_id, number))
        if found is None:  # by id (v2 paths take either)
            found = next(
                (o for (t, _), o in self.rows.items() if t == tenant_id and o.id == number), None
            )
        return found

    def number_in_use(self, tenant_id: str, number: str) -> bool:
        return (tenant_id, number) in self.rows

    def delete(self, tenant_id: str, order_id: str) -> None:
        for key, order in list(self.rows.items()):
            if key[0] == tenant_id and order.id == order_id:
                del self.rows[key]

    def list(
        self,
        tenant_id: str,
        *,
        offset: int,
        limit: int,
        statuses: frozenset[OrderStatus] | None = None,
        **_: Any,
    ) -> list[Order]:
        found = [
            o
            for (t, _n), o in self.rows.items()
            if t == tenant_id and (statuses is None or o.status in statuses)
        ]
        return found[offset : offset + limit]

    def count_for_subscription(self, tenant_id: str, subscription_number: str) -> int:
        return sum(
            1
            for (t, _), o in self.rows.items()
            if t == tenant_id and subscription_number in o.subscription_numbers()
        )

    def find_action(
        self, tenant_id: str, action_id: str, *, for_update: bool = False
    ) -> Order | None:
        return next(
            (
                o
                for (t, _), o in self.rows.items()
                if t == tenant_id
                for s in o.subscriptions
                for a in s.actions
                if a.id == action_id
            ),
            None,
        )


class FakeLineItems:
    """Order line items in request order per order; fulfillments by id."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], LineItem] = {}
        self.fulfillments: dict[tuple[str, str], Fulfillment] = {}

    def add_many(self, tenant_id: str, items: Iterable[LineItem]) -> None:
        for item in items:
            assert item.created_at is not None
            assert (tenant_id, item.id) not in self.rows
            self.rows[(tenant_id, item.id)] = item

    def update(self, tenant_id: str, item: LineItem) -> None:
        assert (tenant_id, item.id) in self.rows
        self.rows[(tenant_id, item.id)] = item

    def get(self, tenant_id: str, item_id: str, *, for_update: bool = False) -> LineItem | None:
        return self.rows.get((tenant_id, item_id))

    def _of(self, tenant_id: str) -> list[LineItem]:
        return [i for (t, _), i in self.rows.items() if t == tenant_id]

    def get_many(
        self, tenant_id: str, item_ids: Collection[str], *, for_update: bool = False
    ) -> list[LineItem]:
        return sorted((i for i in self._of(tenant_id) if i.id in item_ids), key=lambda i: i.id)

    def find(
        self, tenant_id: str, order_number: str, item_number: str, *, for_update: bool = False
    ) -> LineItem | None:
        return next(
            (
                i
                for i in self._of(tenant_id)
                if i.order_number == order_number and i.item_number == item_number
            ),
            None,
        )

    def of_order(self, tenant_id: str, order_id: str) -> list[LineItem]:
        return [i for i in self._of(tenant_id) if i.order_id == order_id]

    def of_orders(self, tenant_id: str, order_ids: Collection[str]) -> dict[str, list[LineItem]]:
        return {o: self.of_order(tenant_id, o) for o in order_ids}

    def billable(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        item_ids: Collection[str] | None = None,
    ) -> list[LineItem]:
        return sorted(
            (
                i
                for i in self._of(tenant_id)
                if i.invoice_owner_account_id == invoice_owner_account_id
                and i.state is ItemState.SENT_TO_BILLING
                and i.bill_target_date is not None
                and i.bill_target_date <= target
                and (item_ids is None or i.id in item_ids)
            ),
            key=lambda i: i.id,
        )

    def returns_of(self, tenant_id: str, sale_id: str) -> list[LineItem]:
        return [i for i in self._of(tenant_id) if i.original_line_item_id == sale_id]

    def delete_of_order(self, tenant_id: str, order_id: str) -> None:
        gone = {i.id for i in self.of_order(tenant_id, order_id)}
        for key, f in list(self.fulfillments.items()):
            if key[0] == tenant_id and f.line_item_id in gone:
                del self.fulfillments[key]
        for item_id in gone:
            del self.rows[(tenant_id, item_id)]

    def add_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None:
        self.fulfillments[(tenant_id, fulfillment.id)] = fulfillment

    def update_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None:
        self.fulfillments[(tenant_id, fulfillment.id)] = fulfillment

    def delete_fulfillment(self, tenant_id: str, fulfillment_id: str) -> None:
        self.fulfillments.pop((tenant_id, fulfillment_id), None)

    def get_fulfillment(
        self, tenant_id: str, key: str, *, for_update: bool = False
    ) -> Fulfillment | None:
        return next(
            (
                f
                for (t, _), f in self.fulfillments.items()
                if t == tenant_id and key in (f.id, f.number)
            ),
            None,
        )

    def billable_fulfillments(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        line_item_ids: Collection[str] | None = None,
    ) -> list[Fulfillment]:
        items = {
            i.id
            for i in self._of(tenant_id)
            if i.invoice_owner_account_id == invoice_owner_account_id
            and i.state is not ItemState.CANCELED
            and (line_item_ids is None or i.id in line_item_ids)
        }
        return sorted(
            (
                f
                for (t, _), f in self.fulfillments.items()
                if t == tenant_id
                and f.line_item_id in items
                and f.state is FulfillmentState.SENT_TO_BILLING
                and f.bill_target_date is not None
                and f.bill_target_date <= target
            ),
            key=lambda f: f.id,
        )

    def fulfillments_of(self, tenant_id: str, line_item_id: str) -> list[Fulfillment]:
        return [
            f
            for (t, _), f in self.fulfillments.items()
            if t == tenant_id and f.line_item_id == line_item_id
        ]


class FakeBilling:
    """Billing documents as stored; what the order services read of them."""

    def __init__(self) -> None:
        self.documents: dict[tuple[str, str], BillingDocument] = {}

    def add_document(self, tenant_id: str, document: BillingDocument) -> None:
        self.documents[(tenant_id, document.id)] = document

    def _standing(self, tenant_id: str) -> list[BillingDocument]:
        return [
            d
            for (t, _), d in self.documents.items()
            if t == tenant_id and d.status is not DocumentStatus.CANCELED
        ]

    def billed_items(self, tenant_id: str, subscription_number: str) -> list[DocumentItem]:
        return [
            i
            for d in self._standing(tenant_id)
            for i in d.items
            if i.item.subscription_number == subscription_number
        ]

    def billed_line_item_items(
        self, tenant_id: str, line_item_ids: Collection[str]
    ) -> list[DocumentItem]:
        return [
            i
            for d in self._standing(tenant_id)
            for i in d.items
            if i.item.order_line_item_id in line_item_ids
        ]


class FakeJobs:
    """Jobs recorded by the services (they run in the database tests, not here)."""

    def __init__(self) -> None:
        self.records: list[JobRecord] = []

    def add(self, record: JobRecord) -> None:
        self.records.append(record)

    def of_tenant(self, tenant_id: str) -> list[JobRecord]:
        return [j for j in self.records if j.tenant_id == tenant_id]


@dataclass
class FakeState:
    sequences: FakeSequences = field(default_factory=FakeSequences)
    tenants: FakeTenants = field(default_factory=FakeTenants)
    accounts: FakeAccounts = field(default_factory=FakeAccounts)
    catalog: FakeCatalog = field(default_factory=FakeCatalog)
    subscriptions: FakeSubscriptions = field(default_factory=FakeSubscriptions)
    orders: FakeOrders = field(default_factory=FakeOrders)
    line_items: FakeLineItems = field(default_factory=FakeLineItems)
    billing: FakeBilling = field(default_factory=FakeBilling)
    jobs: FakeJobs = field(default_factory=FakeJobs)


_STATE_PARTS = (
    "sequences",
    "tenants",
    "accounts",
    "catalog",
    "subscriptions",
    "orders",
    "line_items",
    "billing",
    "jobs",
)


class FakeUnitOfWork:
    """One transaction over a FakeState: changes are kept by commit, dropped otherwise."""

    def __init__(self, state: FakeState) -> None:
        self._state = state
        self._before: FakeState | None = None
        self.committed = False

    def __enter__(self) -> FakeUnitOfWork:
        self._before = copy.deepcopy(self._state)
        self.committed = False
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()

    def commit(self) -> None:
        self._before = copy.deepcopy(self._state)
        self.committed = True

    def rollback(self) -> None:
        if self._before is not None:
            self._restore(self._before)

    def _restore(self, saved: FakeState) -> None:
        for name in _STATE_PARTS:
            setattr(self._state, name, copy.deepcopy(getattr(saved, name)))

    @contextmanager
    def savepoint(self, *, keep: bool = True) -> Iterator[None]:
        saved = copy.deepcopy(self._state)
        try:
            yield
        except BaseException:
            self._restore(saved)
            raise
        if not keep:
            self._restore(saved)

    @property
    def sequences(self) -> FakeSequences:
        return self._state.sequences

    @property
    def tenants(self) -> FakeTenants:
        return self._state.tenants

    @property
    def accounts(self) -> FakeAccounts:
        return self._state.accounts

    @property
    def catalog(self) -> FakeCatalog:
        return self._state.catalog

    @property
    def subscriptions(self) -> FakeSubscriptions:
        return self._state.subscriptions

    @property
    def orders(self) -> FakeOrders:
        return self._state.orders

    @property
    def line_items(self) -> FakeLineItems:
        return self._state.line_items

    @property
    def billing(self) -> FakeBilling:
        return self._state.billing

    @property
    def jobs(self) -> FakeJobs:
        return self._state.jobs


class FakeUnitOfWorkFactory:
    def __init__(self, state: FakeState | None = None) -> None:
        self.state = state or FakeState()

    def __call__(self, *, read_only: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.state)


TODAY = date(2025, 1, 1)
