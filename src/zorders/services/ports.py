"""Ports: what the use cases need from storage, as Protocols (implemented in zorders.storage)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol

from zorders.domain.accounts import (
    Account,
    Contact,
    InvoiceSummary,
    PaymentSummary,
    SubscriptionSummary,
    UsageSummary,
)
from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.domain.numbering import NumberKind


@dataclass(frozen=True)
class TenantRecord:
    id: str
    name: str
    created_at: datetime


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
    def get(self, tenant_id: str) -> TenantRecord | None: ...
    def get_by_name(self, name: str) -> TenantRecord | None: ...
    def list(self) -> list[TenantRecord]: ...


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
