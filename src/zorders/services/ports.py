"""Ports: what the use cases need from storage, as Protocols (implemented in zorders.storage)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from types import TracebackType
from typing import Any, Protocol

from zorders.domain.accounts import (
    Account,
    Contact,
    InvoiceSummary,
    PaymentSummary,
    SubscriptionSummary,
    UsageSummary,
)
from zorders.domain.billing.bill_run import BillRun, BillRunAccountError
from zorders.domain.billing.documents import BillingDocument, DocumentKind
from zorders.domain.billing.engine import DocumentItem
from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.domain.line_items.model import Fulfillment, LineItem
from zorders.domain.numbering import NumberKind
from zorders.domain.orders.model import Order, OrderStatus
from zorders.domain.payments import CardDetails, GatewayResult, Payment, PaymentMethod
from zorders.domain.subscription.model import Subscription


@dataclass(frozen=True)
class TenantRecord:
    id: str
    name: str
    created_at: datetime
    # Zuora's entity and org ids (UUID form); empty means derived when stored (tenants.py).
    entity_id: str = ""
    org_id: str = ""
    # The tenant's clock (T1): None follows the wall clock; set, it stands at that instant.
    clock_frozen_at: datetime | None = None
    # IANA time zone name of its business dates; None = UTC (T2).
    time_zone: str | None = None


@dataclass(frozen=True)
class OAuthClientRecord:
    client_id: str
    tenant_id: str
    secret_hash: str
    created_at: datetime


@dataclass(frozen=True)
class AccessTokenRecord:
    token_hash: str
    jti: str
    tenant_id: str
    client_id: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class IdempotencyRecord:
    tenant_id: str
    key: str
    method: str
    path: str
    completed: bool
    status_code: int | None
    headers: list[tuple[str, str]]
    body: bytes | None
    created_at: datetime
    expires_at: datetime
    locked_until: datetime


class TenantRepository(Protocol):
    def add(self, tenant: TenantRecord) -> None: ...
    def get_settings(self, tenant_id: str) -> dict[str, Any]: ...
    def set_settings(self, tenant_id: str, settings: dict[str, Any]) -> None: ...
    def get(self, tenant_id: str, *, for_update: bool = False) -> TenantRecord | None: ...
    def get_by_name(self, name: str) -> TenantRecord | None: ...
    def list(self) -> list[TenantRecord]: ...
    def set_clock(self, tenant_id: str, frozen_at: datetime | None) -> None: ...
    def set_time_zone(self, tenant_id: str, time_zone: str | None) -> None: ...
    def delete_everything(self, tenant_id: str) -> int: ...


class OAuthClientRepository(Protocol):
    def add(self, client: OAuthClientRecord) -> None: ...
    def get(self, client_id: str) -> OAuthClientRecord | None: ...
    def set_secret_hash(self, client_id: str, secret_hash: str) -> None: ...
    def list_for_tenant(self, tenant_id: str) -> list[OAuthClientRecord]: ...


class AccessTokenRepository(Protocol):
    def add(self, token: AccessTokenRecord) -> None: ...
    def get(self, token_hash: str) -> AccessTokenRecord | None: ...
    def delete_expired(self, now: datetime) -> int: ...


class SequenceRepository(Protocol):
    def next_value(self, tenant_id: str, kind: NumberKind) -> int:
        """The next value of the tenant's sequence; taken under a row lock, so concurrent
        transactions never receive the same value. Rolled back with the transaction."""
        ...


class IdempotencyRepository(Protocol):
    def insert_claim(self, record: IdempotencyRecord) -> bool:
        """Insert a new in-progress claim; False when the key is already present."""
        ...

    def get(self, tenant_id: str, key: str) -> IdempotencyRecord | None: ...

    def take_over(
        self, tenant_id: str, key: str, record: IdempotencyRecord, *, stale_before: datetime
    ) -> bool:
        """Replace a row that is expired or whose in-progress lease lapsed before
        `stale_before`; False if another request got there first."""
        ...

    def complete(
        self,
        tenant_id: str,
        key: str,
        status_code: int,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None: ...

    def release(self, tenant_id: str, key: str) -> None: ...
    def delete_expired(self, now: datetime) -> int: ...


class CatalogRepository(Protocol):
    def add_product(self, tenant_id: str, product: Product) -> None: ...
    def update_product(self, tenant_id: str, product: Product) -> None: ...
    def get_product(self, tenant_id: str, product_id: str) -> Product | None: ...
    def find_product(self, tenant_id: str, key: str) -> Product | None: ...
    def sku_in_use(self, tenant_id: str, sku: str, *, except_id: str | None = None) -> bool: ...
    def count_products(self, tenant_id: str) -> int: ...
    def list_products(self, tenant_id: str, *, offset: int, limit: int) -> list[Product]: ...
    def delete_product(self, tenant_id: str, product_id: str) -> None: ...
    def add_plan(self, tenant_id: str, plan: ProductRatePlan) -> None: ...
    def update_plan(self, tenant_id: str, plan: ProductRatePlan) -> None: ...
    def get_plan(self, tenant_id: str, plan_id: str) -> ProductRatePlan | None: ...
    def find_plan_by_number(self, tenant_id: str, number: str) -> ProductRatePlan | None: ...
    def list_plans(self, tenant_id: str, product_ids: Iterable[str]) -> list[ProductRatePlan]: ...
    def delete_plan(self, tenant_id: str, plan_id: str) -> None: ...
    def add_charge(
        self, tenant_id: str, charge: ProductRatePlanCharge
    ) -> ProductRatePlanCharge: ...
    def update_charge(
        self, tenant_id: str, charge: ProductRatePlanCharge
    ) -> ProductRatePlanCharge: ...
    def get_charge(self, tenant_id: str, charge_id: str) -> ProductRatePlanCharge | None: ...
    def list_charges(
        self, tenant_id: str, plan_ids: Iterable[str]
    ) -> list[ProductRatePlanCharge]: ...
    def delete_charge(self, tenant_id: str, charge_id: str) -> None: ...
    def charge_id_of_tier(self, tenant_id: str, tier_id: str) -> str | None: ...


class AccountRepository(Protocol):
    def ids_in_scope(
        self,
        tenant_id: str,
        *,
        after: str | None,
        limit: int,
        batches: tuple[str, ...] = (),
        bill_cycle_day: int | None = None,
    ) -> list[str]: ...
    def add(self, tenant_id: str, account: Account) -> None:
        """The account and each of its contacts; ACCOUNT_NUMBER_TAKEN when a concurrent
        transaction took the number first."""
        ...

    def update(self, tenant_id: str, account: Account) -> None:
        """The account's fields and its contacts (contacts it has not stored are added)."""
        ...

    def get(self, tenant_id: str, account_id: str, *, for_update: bool = False) -> Account | None:
        """`for_update` locks the row until the transaction ends (read-modify-write)."""
        ...

    def get_by_number(
        self, tenant_id: str, account_number: str, *, for_update: bool = False
    ) -> Account | None: ...
    def number_taken(self, tenant_id: str, account_number: str) -> bool: ...
    def get_contact(self, tenant_id: str, contact_id: str) -> Contact | None: ...
    def count(self, tenant_id: str) -> int: ...

    # What GET /v1/accounts/{key}/summary lists, newest first. Empty until the orders and
    # billing tables exist; those issues answer them from their own rows.
    def subscription_summaries(
        self, tenant_id: str, account_id: str
    ) -> list[SubscriptionSummary]: ...
    def invoice_summaries(self, tenant_id: str, account_id: str) -> list[InvoiceSummary]: ...
    def payment_summaries(self, tenant_id: str, account_id: str) -> list[PaymentSummary]: ...
    def usage_summaries(self, tenant_id: str, account_id: str) -> list[UsageSummary]: ...


class SubscriptionRepository(Protocol):
    """Subscription versions. The head row of a subscription is locked by
    `latest(..., for_update=True)` so that two orders never build on the same version."""

    def add_version(
        self, tenant_id: str, subscription: Subscription, created_at: datetime
    ) -> None: ...
    def latest(
        self, tenant_id: str, number: str, *, for_update: bool = False
    ) -> Subscription | None: ...
    def version(self, tenant_id: str, number: str, version: int) -> Subscription | None: ...
    def by_id(self, tenant_id: str, subscription_id: str) -> Subscription | None: ...
    def number_in_use(self, tenant_id: str, number: str) -> bool: ...
    def latest_for_account(
        self, tenant_id: str, account_id: str, *, offset: int, limit: int
    ) -> list[Subscription]: ...
    def delete_versions_from(self, tenant_id: str, number: str, version: int) -> None: ...
    def latest_for_invoice_owner(self, tenant_id: str, account_id: str) -> list[Subscription]: ...
    def update_version(self, tenant_id: str, subscription: Subscription) -> None:
        """Rewrite a stored version (same id) in place."""
        ...


class OrderRepository(Protocol):
    def add(self, tenant_id: str, order: Order) -> None: ...
    def update(self, tenant_id: str, order: Order) -> None: ...
    def get(self, tenant_id: str, number: str, *, for_update: bool = False) -> Order | None: ...
    def number_in_use(self, tenant_id: str, number: str) -> bool: ...
    def delete(self, tenant_id: str, order_id: str) -> None: ...
    def list(
        self,
        tenant_id: str,
        *,
        offset: int,
        limit: int,
        account_id: str | None = None,
        subscription_number: str | None = None,
        subscription_owner_account_id: str | None = None,
        statuses: frozenset[OrderStatus] | None = None,
        date_field: str = "order_date",
        start_date: date | None = None,
        end_date: date | None = None,
    ) -> list[Order]: ...
    def count_for_subscription(self, tenant_id: str, subscription_number: str) -> int: ...
    def find_action(
        self, tenant_id: str, action_id: str, *, for_update: bool = False
    ) -> Order | None: ...


class BillRunRepository(Protocol):
    def add(self, tenant_id: str, run: BillRun) -> None: ...
    def update(self, tenant_id: str, run: BillRun) -> None: ...
    def get(self, tenant_id: str, key: str, *, for_update: bool = False) -> BillRun | None: ...
    def unfinished(self) -> list[tuple[str, str]]: ...
    def add_account_error(
        self, tenant_id: str, error_id: str, error: BillRunAccountError
    ) -> None: ...
    def account_errors(
        self, tenant_id: str, run_id: str, *, limit: int
    ) -> list[BillRunAccountError]: ...


class BillingRepository(Protocol):
    def add_document(self, tenant_id: str, document: BillingDocument) -> None: ...
    def update_document(self, tenant_id: str, document: BillingDocument) -> None: ...
    def get_document(
        self, tenant_id: str, key: str, kind: DocumentKind
    ) -> BillingDocument | None: ...
    def documents_of_account(self, tenant_id: str, account_id: str) -> list[BillingDocument]: ...
    # Every item billed for the subscription on documents that stand (not canceled), in a
    # stable order (credits name the item they take back: decision B21).
    def billed_items(self, tenant_id: str, subscription_number: str) -> list[DocumentItem]: ...
    def documents_of_source(self, tenant_id: str, source_id: str) -> list[BillingDocument]: ...
    # Every item billed for the order line items (and their fulfillments) on documents
    # that stand (not canceled).
    def billed_line_item_items(
        self, tenant_id: str, line_item_ids: Collection[str]
    ) -> list[DocumentItem]: ...


class PaymentRepository(Protocol):
    """Payment methods and payments (with their applications to invoices)."""

    def add_method(self, tenant_id: str, method: PaymentMethod) -> None: ...
    def get_method(self, tenant_id: str, method_id: str) -> PaymentMethod | None: ...
    def methods_of_account(self, tenant_id: str, account_id: str) -> list[PaymentMethod]: ...
    def add(self, tenant_id: str, payment: Payment) -> None: ...
    def update(self, tenant_id: str, payment: Payment) -> None: ...
    def get(self, tenant_id: str, key: str, *, for_update: bool = False) -> Payment | None:
        """By id or by number; `for_update` locks the row until the transaction ends."""
        ...

    def number_in_use(self, tenant_id: str, number: str) -> bool: ...
    def list(
        self,
        tenant_id: str,
        *,
        offset: int,
        limit: int,
        account_id: str | None = None,
        status: str | None = None,
        type: str | None = None,
    ) -> list[Payment]:
        """Oldest first."""
        ...


class PaymentGateway(Protocol):
    """A payment gateway (zorders.gateways): keeps cards, answers charges."""

    @property
    def name(self) -> str: ...

    def tokenize(self, card: CardDetails) -> str:
        """The gateway's token for the card; the card number stays with the gateway."""
        ...

    def charge(self, token: str, amount: Decimal, currency: str, reference: str) -> GatewayResult:
        """Charge a tokenized card; `reference` is the caller's id for the transaction."""
        ...


class LineItemRepository(Protocol):
    """Order line items and their fulfillments (domain/line_items)."""

    def add_many(self, tenant_id: str, items: Iterable[LineItem]) -> None: ...
    def update(self, tenant_id: str, item: LineItem) -> None: ...
    def get(self, tenant_id: str, item_id: str, *, for_update: bool = False) -> LineItem | None: ...
    def get_many(
        self, tenant_id: str, item_ids: Collection[str], *, for_update: bool = False
    ) -> list[LineItem]:
        """In id order (locks taken in one order)."""
        ...

    def find(
        self, tenant_id: str, order_number: str, item_number: str, *, for_update: bool = False
    ) -> LineItem | None: ...
    def of_order(self, tenant_id: str, order_id: str) -> list[LineItem]: ...
    def of_orders(
        self, tenant_id: str, order_ids: Collection[str]
    ) -> dict[str, list[LineItem]]: ...
    def billable(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        item_ids: Collection[str] | None = None,
    ) -> list[LineItem]:
        """SentToBilling, bill target date on or before `target`, locked, in id order."""
        ...

    def returns_of(self, tenant_id: str, sale_id: str) -> list[LineItem]: ...
    def delete_of_order(self, tenant_id: str, order_id: str) -> None:
        """The order's line items and their fulfillments."""
        ...

    def add_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None: ...
    def update_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None: ...
    def delete_fulfillment(self, tenant_id: str, fulfillment_id: str) -> None: ...
    def get_fulfillment(
        self, tenant_id: str, key: str, *, for_update: bool = False
    ) -> Fulfillment | None: ...
    def fulfillments_of(self, tenant_id: str, line_item_id: str) -> list[Fulfillment]: ...
    def billable_fulfillments(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        line_item_ids: Collection[str] | None = None,
    ) -> list[Fulfillment]:
        """SentToBilling fulfillments of the account's (not Canceled) line items, bill
        target date on or before `target`, locked, in id order."""
        ...


class JobState(Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class JobRecord:
    """Due work (issue 11): `payload` is a serialized command, `run_at` tenant time (None:
    as soon as possible), `available_at` and `lease_until` wall time."""

    id: str
    tenant_id: str
    kind: str
    payload: dict[str, Any]
    run_at: datetime | None
    state: JobState
    attempts: int
    available_at: datetime
    lease_until: datetime | None
    last_error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None


class JobRepository(Protocol):
    def add(self, job: JobRecord) -> None: ...
    def get(self, job_id: str) -> JobRecord | None: ...
    def of_tenant(self, tenant_id: str) -> list[JobRecord]: ...
    def frozen_at(self, tenant_id: str) -> datetime | None: ...
    def claim(
        self, wall_now: datetime, lease_until: datetime, limit: int, kinds: Collection[str]
    ) -> list[JobRecord]: ...
    def claim_next_for_tenant(
        self,
        tenant_id: str,
        until: datetime,
        lease_until: datetime,
        *,
        kinds: Collection[str],
        exclude: Collection[str] = (),
        wall_now: datetime,
    ) -> JobRecord | None: ...
    def lock_claimed(self, job_id: str, attempt: int) -> bool: ...
    def finish(
        self,
        job_id: str,
        attempt: int,
        *,
        state: JobState,
        finished_at: datetime | None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        available_at: datetime | None = None,
    ) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction: committed by `commit()`, rolled back otherwise on exit."""

    @property
    def tenants(self) -> TenantRepository: ...
    @property
    def oauth_clients(self) -> OAuthClientRepository: ...
    @property
    def access_tokens(self) -> AccessTokenRepository: ...
    @property
    def sequences(self) -> SequenceRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...
    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def catalog(self) -> CatalogRepository: ...
    @property
    def subscriptions(self) -> SubscriptionRepository: ...
    @property
    def orders(self) -> OrderRepository: ...
    @property
    def line_items(self) -> LineItemRepository: ...
    @property
    def billing(self) -> BillingRepository: ...
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def bill_runs(self) -> BillRunRepository: ...
    @property
    def jobs(self) -> JobRepository: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
