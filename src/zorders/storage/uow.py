"""The unit of work: one connection, one transaction, rolled back unless committed.

A transaction the database gave up on because of another one (PostgreSQL's deadlock
detector, a serialization failure, a lock timeout; SQLite's "database is locked" past its
busy timeout) ends as `LOCKING_CONTENTION`, which Zuora's clients retry (category 50),
never as an unexpected error: nothing of it was kept (decision LI5).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.engine import Connection, RootTransaction
from sqlalchemy.exc import DBAPIError

from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.idempotency import HELD_CLAIM
from zorders.storage.db import SQLITE_BEGIN_OPTION
from zorders.storage.repositories.account_deletion import SqlAccountDeletionRepository
from zorders.storage.repositories.accounts import SqlAccountRepository
from zorders.storage.repositories.auth import (
    SqlAccessTokenRepository,
    SqlAuthFailureRepository,
    SqlOAuthClientRepository,
    SqlTenantRepository,
)
from zorders.storage.repositories.bill_runs import SqlBillRunRepository
from zorders.storage.repositories.billing import SqlBillingRepository
from zorders.storage.repositories.catalog_cache import CachedCatalogRepository, CatalogCache
from zorders.storage.repositories.idempotency import SqlIdempotencyRepository
from zorders.storage.repositories.jobs import SqlJobRepository
from zorders.storage.repositories.line_items import SqlLineItemRepository
from zorders.storage.repositories.object_rows import SqlObjectRowRepository
from zorders.storage.repositories.orders import SqlOrderRepository
from zorders.storage.repositories.payments import SqlPaymentRepository
from zorders.storage.repositories.query import SqlQueryRepository
from zorders.storage.repositories.sequences import SqlSequenceRepository
from zorders.storage.repositories.service_keys import SqlServiceKeyRepository
from zorders.storage.repositories.subscriptions import SqlSubscriptionRepository


class SqlUnitOfWork:
    tenants: SqlTenantRepository
    oauth_clients: SqlOAuthClientRepository
    access_tokens: SqlAccessTokenRepository
    auth_failures: SqlAuthFailureRepository
    sequences: SqlSequenceRepository
    service_keys: SqlServiceKeyRepository
    idempotency: SqlIdempotencyRepository
    accounts: SqlAccountRepository
    catalog: CachedCatalogRepository
    subscriptions: SqlSubscriptionRepository
    orders: SqlOrderRepository
    line_items: SqlLineItemRepository
    billing: SqlBillingRepository
    payments: SqlPaymentRepository
    bill_runs: SqlBillRunRepository
    jobs: SqlJobRepository
    account_deletion: SqlAccountDeletionRepository
    queries: SqlQueryRepository
    object_rows: SqlObjectRowRepository

    def __init__(
        self, engine: Engine, *, read_only: bool = False, catalog_cache: CatalogCache | None = None
    ) -> None:
        self._engine = engine
        self._read_only = read_only
        self._catalog_cache = catalog_cache or CatalogCache()
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> SqlUnitOfWork:
        connection = self._engine.connect()
        if self._read_only:
            if connection.dialect.name == "sqlite":
                connection = connection.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
            else:
                connection = connection.execution_options(postgresql_readonly=True)
        self._connection = connection
        self._transaction = connection.begin()
        self.tenants = SqlTenantRepository(connection)
        self.oauth_clients = SqlOAuthClientRepository(connection)
        self.access_tokens = SqlAccessTokenRepository(connection)
        self.auth_failures = SqlAuthFailureRepository(connection)
        self.sequences = SqlSequenceRepository(connection)
        self.service_keys = SqlServiceKeyRepository(connection)
        self.idempotency = SqlIdempotencyRepository(connection)
        self.accounts = SqlAccountRepository(connection)
        self.catalog = CachedCatalogRepository(connection, self._catalog_cache)
        self.subscriptions = SqlSubscriptionRepository(connection)
        self.orders = SqlOrderRepository(connection)
        self.line_items = SqlLineItemRepository(connection)
        self.billing = SqlBillingRepository(connection)
        self.payments = SqlPaymentRepository(connection)
        self.bill_runs = SqlBillRunRepository(connection)
        self.jobs = SqlJobRepository(connection)
        self.account_deletion = SqlAccountDeletionRepository(connection)
        self.queries = SqlQueryRepository(connection)
        self.object_rows = SqlObjectRowRepository(connection)
        return self

    @property
    def connection(self) -> Connection:
        assert self._connection is not None, "the unit of work is not open"
        return self._connection

    def commit(self) -> None:
        assert self._transaction is not None
        held = None if self._read_only else HELD_CLAIM.get()
        if held is not None:  # the work of an idempotent request: seal its claim (CR2)
            self.idempotency.seal(*held)
        self._transaction.commit()

    @contextmanager
    def savepoint(self, *, keep: bool = True) -> Iterator[None]:
        """A nested transaction: rolled back when its block raises (or always, with
        `keep=False`), committed into the enclosing one otherwise."""
        nested = self.connection.begin_nested()
        try:
            yield
        except BaseException:
            if nested.is_active:
                nested.rollback()
            raise
        if nested.is_active:
            if keep:
                nested.commit()
            else:
                nested.rollback()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            if self._connection is not None:
                self._connection.close()
            self._connection = None
            self._transaction = None
        if isinstance(exc, DBAPIError) and is_contention(exc):
            raise DomainError(
                ErrorCode.LOCKING_CONTENTION,
                "The request met another one changing the same objects at the same time and "
                "was rolled back. Please retry.",
            ) from exc


# SQLSTATEs of a transaction the database aborted because of another one.
_CONTENTION_SQLSTATES = frozenset({"40P01", "40001", "55P03"})


def is_contention(error: DBAPIError) -> bool:
    original = error.orig
    if getattr(original, "sqlstate", None) in _CONTENTION_SQLSTATES:
        return True
    return type(original).__name__ == "OperationalError" and "database is locked" in str(original)


class SqlUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # The process's cache of the catalog plans orders name (PF25).
        self.catalog_cache = CatalogCache()

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, read_only=read_only, catalog_cache=self.catalog_cache)
