"""A transaction the database aborts because of another one (a PostgreSQL deadlock, a
serialization failure, SQLite's busy timeout) ends as LOCKING_CONTENTION (retryable,
HTTP 409 `50000050`), with nothing kept, never as an unexpected error (decision LI5)."""

from __future__ import annotations

import sqlite3
import threading

import psycopg.errors
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.storage.test_subscription_store import make_tenant
from zorders.api.errors import ERRORS
from zorders.bootstrap import Container
from zorders.domain.errors import DomainError, ErrorCode
from zorders.storage.tables import tenants


@pytest.mark.parametrize(
    "original",
    [
        psycopg.errors.DeadlockDetected("deadlock detected"),
        psycopg.errors.SerializationFailure("could not serialize access"),
        psycopg.errors.LockNotAvailable("could not obtain lock"),
        sqlite3.OperationalError("database is locked"),
    ],
    ids=["deadlock", "serialization", "lock-timeout", "sqlite-busy"],
)
def test_contention_is_a_retryable_domain_error(container: Container, original: Exception) -> None:
    tenant = make_tenant(container)
    with pytest.raises(DomainError) as raised, container.uow_factory() as uow:
        uow.connection.execute(tenants.update().where(tenants.c.id == tenant).values(name="x"))
        raise OperationalError("UPDATE ...", {}, original)
    assert raised.value.code is ErrorCode.LOCKING_CONTENTION
    assert ERRORS[ErrorCode.LOCKING_CONTENTION].code == 50000050
    assert ERRORS[ErrorCode.LOCKING_CONTENTION].status == 409
    with container.uow_factory(read_only=True) as uow:  # rolled back
        name = uow.connection.execute(select(tenants.c.name).where(tenants.c.id == tenant))
        assert name.scalar_one() != "x"


def test_other_database_errors_are_left_alone(container: Container) -> None:
    with pytest.raises(OperationalError), container.uow_factory():
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("disk I/O error"))


def test_a_real_deadlock_ends_one_transaction_as_contention(container: Container) -> None:
    """Two transactions lock two rows in opposite orders: PostgreSQL aborts one of them,
    which ends as LOCKING_CONTENTION; the other commits."""
    if container.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serializes writers")
    first, second = make_tenant(container), make_tenant(container)
    both_hold_one = threading.Barrier(2, timeout=10)
    outcomes: dict[str, object] = {}

    def run(name: str, a: str, b: str) -> None:
        try:
            with container.uow_factory() as uow:
                for n, tenant in enumerate((a, b)):
                    uow.connection.execute(
                        tenants.update().where(tenants.c.id == tenant).values(name=f"{name}-{n}")
                    )
                    if n == 0:
                        both_hold_one.wait()
                uow.commit()
            outcomes[name] = "committed"
        except DomainError as error:
            outcomes[name] = error.code

    threads = [
        threading.Thread(target=run, args=("one", first, second)),
        threading.Thread(target=run, args=("two", second, first)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(map(str, outcomes.values())) == sorted(
        ["committed", str(ErrorCode.LOCKING_CONTENTION)]
    )
