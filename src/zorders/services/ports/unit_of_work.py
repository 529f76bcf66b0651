"""The unit of work: one transaction over every repository."""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol

from zorders.services.ports.account_deletion import AccountDeletionRepository
from zorders.services.ports.business import (
    AccountRepository,
    BillingRepository,
    BillRunRepository,
    CatalogRepository,
    OrderRepository,
    PaymentRepository,
    SubscriptionRepository,
)
from zorders.services.ports.jobs import JobRepository
from zorders.services.ports.line_items import LineItemRepository
from zorders.services.ports.object_rows import ObjectRowRepository
from zorders.services.ports.platform import (
    AccessTokenRepository,
    AuthFailureRepository,
    IdempotencyRepository,
    OAuthClientRepository,
    SequenceRepository,
    ServiceKeyRepository,
    TenantRepository,
)
from zorders.services.ports.query import QueryRepository


class UnitOfWork(Protocol):
    """One transaction: committed by `commit()`, rolled back otherwise on exit."""

    @property
    def tenants(self) -> TenantRepository: ...
    @property
    def oauth_clients(self) -> OAuthClientRepository: ...
    @property
    def access_tokens(self) -> AccessTokenRepository: ...
    @property
    def auth_failures(self) -> AuthFailureRepository: ...
    @property
    def sequences(self) -> SequenceRepository: ...
    @property
    def service_keys(self) -> ServiceKeyRepository: ...
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
    @property
    def account_deletion(self) -> AccountDeletionRepository: ...
    @property
    def queries(self) -> QueryRepository: ...
    @property
    def object_rows(self) -> ObjectRowRepository: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def savepoint(self, *, keep: bool = True) -> AbstractContextManager[None]:
        """A nested transaction: rolled back when its block raises (or always, with
        `keep=False`), kept in the enclosing transaction otherwise."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
