"""Subscription versions and the head row of each subscription; every query by tenant.

A version is stored whole as a JSON document (zorders.storage.documents); the head row
(`subscriptions`) names the latest version and is what `latest(..., for_update=True)`
locks. On PostgreSQL that is SELECT ... FOR UPDATE: a concurrent order waits for ours to
end and then reads the version we added. SQLite writers are serialized by BEGIN IMMEDIATE.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import DBAPIError, IntegrityError

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.subscription.model import Subscription
from zorders.services.ids import new_id
from zorders.storage.documents import subscription_from_document, subscription_to_document
from zorders.storage.repositories import rate_plan_rows
from zorders.storage.tables import subscription_versions as versions_t
from zorders.storage.tables import subscriptions as heads_t

_LOCK_NOT_AVAILABLE = "55P03"  # SELECT ... FOR UPDATE NOWAIT met a held lock


def _subscription(row: RowMapping) -> Subscription:
    return subscription_from_document(row["document"])


def _contention(number: str, version: int) -> DomainError:
    return DomainError(
        ErrorCode.LOCKING_CONTENTION,
        f"Subscription '{number}' was changed by another request while version {version} "
        "was being made. Please retry.",
    )


def _number_taken(number: str) -> DomainError:
    return DomainError(
        ErrorCode.SUBSCRIPTION_NUMBER_TAKEN,
        f"A subscription with number '{number}' already exists.",
        "subscriptionNumber",
    )


# Statements of every order, built once (PF27).
_HEAD = select(heads_t.c.id, heads_t.c.latest_version).where(
    heads_t.c.tenant_id == bindparam("tenant_id"), heads_t.c.number == bindparam("number")
)
# Rendered on PostgreSQL only; SQLite's BEGIN IMMEDIATE already serializes writers.
_HEAD_FOR_UPDATE = _HEAD.with_for_update()
_INSERT_HEAD = insert(heads_t)
_INSERT_VERSION = insert(versions_t)


# A bill run's batch: the newest versions of its accounts' subscriptions (PF52).
_OF_OWNERS = (
    select(heads_t.c.invoice_owner_account_id, versions_t.c.document)
    .select_from(
        heads_t.join(
            versions_t,
            (versions_t.c.tenant_id == heads_t.c.tenant_id)
            & (versions_t.c.number == heads_t.c.number)
            & (versions_t.c.version == heads_t.c.latest_version),
        )
    )
    .where(
        heads_t.c.tenant_id == bindparam("tenant_id"),
        heads_t.c.invoice_owner_account_id.in_(bindparam("owners", expanding=True)),
    )
    .order_by(heads_t.c.created_at, heads_t.c.number)
)


class SqlSubscriptionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_version(self, tenant_id: str, subscription: Subscription, created_at: datetime) -> None:
        """Stores the next version; it must be exactly the latest version + 1
        (LOCKING_CONTENTION otherwise: another order built on the same version). Version 1
        of a number already stored is SUBSCRIPTION_NUMBER_TAKEN."""
        number, version = subscription.number, subscription.version
        # Version 1 inserts the head without reading it first (PF23): a number already
        # stored fails the insert's unique constraint.
        head = self._head(tenant_id, number, for_update=True) if version > 1 else None
        latest = head["latest_version"] if head is not None else 0
        if version != latest + 1:
            raise _contention(number, version)
        owners = {
            "account_id": subscription.account_id,
            "invoice_owner_account_id": subscription.invoice_owner_account_id,
        }
        if head is None:
            try:
                self._c.execute(
                    _INSERT_HEAD,
                    {
                        "id": new_id(),
                        "tenant_id": tenant_id,
                        "number": number,
                        "latest_version": version,
                        "created_at": created_at,
                        "updated_at": created_at,
                        **owners,
                    },
                )
            except IntegrityError as err:
                # A concurrent transaction created a subscription with this number first.
                if unique_violation(err, heads_t, "tenant_id", "number"):
                    raise _number_taken(number) from err
                raise
        else:
            self._c.execute(
                update(heads_t)
                .where(heads_t.c.tenant_id == tenant_id, heads_t.c.id == head["id"])
                .values(latest_version=version, updated_at=created_at, **owners)
            )
        try:
            self._c.execute(
                _INSERT_VERSION,
                {
                    "id": subscription.id,
                    "tenant_id": tenant_id,
                    "number": number,
                    "version": version,
                    "currency": subscription.currency,
                    "order_number": subscription.order_number,
                    "document": subscription_to_document(subscription),
                    "created_at": created_at,
                    **owners,
                },
            )
        except IntegrityError as err:
            if unique_violation(err, versions_t, "tenant_id", "number", "version"):
                raise _contention(number, version) from err
            raise
        rate_plan_rows.write_rows(self._c, tenant_id, subscription, created_at)

    def update_version(self, tenant_id: str, subscription: Subscription) -> None:
        """Rewrites a stored version (same id, number and version) in place; the head
        follows when it is the latest version."""
        owners = {
            "account_id": subscription.account_id,
            "invoice_owner_account_id": subscription.invoice_owner_account_id,
        }
        result = self._c.execute(
            update(versions_t)
            .where(
                versions_t.c.tenant_id == tenant_id,
                versions_t.c.id == subscription.id,
                versions_t.c.number == subscription.number,
                versions_t.c.version == subscription.version,
            )
            .values(
                currency=subscription.currency,
                order_number=subscription.order_number,
                document=subscription_to_document(subscription),
                **owners,
            )
        )
        if result.rowcount != 1:
            raise LookupError(
                f"subscription {subscription.number} version {subscription.version} "
                f"(id {subscription.id}) is not stored"
            )
        created = self.created_at(tenant_id, subscription.id)
        assert created is not None, "the version just updated is stored"
        rate_plan_rows.delete_rows(self._c, tenant_id, rate_plan_rows.of_version(subscription.id))
        rate_plan_rows.write_rows(self._c, tenant_id, subscription, created)
        self._c.execute(
            update(heads_t)
            .where(
                heads_t.c.tenant_id == tenant_id,
                heads_t.c.number == subscription.number,
                heads_t.c.latest_version == subscription.version,
            )
            .values(**owners)
        )

    def latest(
        self, tenant_id: str, number: str, *, for_update: bool = False
    ) -> Subscription | None:
        head = self._head(tenant_id, number, for_update=for_update)
        if head is None:
            return None
        return self.version(tenant_id, number, head["latest_version"])

    def version(self, tenant_id: str, number: str, version: int) -> Subscription | None:
        return self._one(tenant_id, versions_t.c.number == number, versions_t.c.version == version)

    def by_id(self, tenant_id: str, subscription_id: str) -> Subscription | None:
        return self._one(tenant_id, versions_t.c.id == subscription_id)

    def number_in_use(self, tenant_id: str, number: str) -> bool:
        return self._head(tenant_id, number, for_update=False) is not None

    def latest_for_account(
        self, tenant_id: str, account_id: str, *, offset: int, limit: int
    ) -> list[Subscription]:
        """The latest versions of the subscriptions `account_id` owns, oldest first."""
        query = (
            select(versions_t.c.document)
            .select_from(
                heads_t.join(
                    versions_t,
                    (versions_t.c.tenant_id == heads_t.c.tenant_id)
                    & (versions_t.c.number == heads_t.c.number)
                    & (versions_t.c.version == heads_t.c.latest_version),
                )
            )
            .where(heads_t.c.tenant_id == tenant_id, heads_t.c.account_id == account_id)
            .order_by(heads_t.c.created_at, heads_t.c.number)
            .offset(offset)
            .limit(limit)
        )
        return [_subscription(row) for row in self._c.execute(query).mappings()]

    def latest_for_invoice_owner(self, tenant_id: str, account_id: str) -> list[Subscription]:
        """The latest versions of the subscriptions `account_id` is invoiced for."""
        return self.latest_for_invoice_owners(tenant_id, [account_id])[account_id]

    def latest_for_invoice_owners(
        self, tenant_id: str, account_ids: Collection[str]
    ) -> dict[str, list[Subscription]]:
        """The latest versions of the subscriptions each of `account_ids` is invoiced
        for, in one statement, by account id (oldest subscription first)."""
        owners = sorted(set(account_ids))
        out: dict[str, list[Subscription]] = {a: [] for a in owners}
        if not owners:
            return out
        rows = self._c.execute(_OF_OWNERS, {"tenant_id": tenant_id, "owners": owners})
        for row in rows.mappings():
            out[row["invoice_owner_account_id"]].append(_subscription(row))
        return out

    def update_documents(self, tenant_id: str, subscriptions: Iterable[Subscription]) -> None:
        """Rewrite stored versions in place when only their document changes (billing's
        charged-through dates: no rate plan, charge or owner moves), in one executemany."""
        rows = [
            {
                "_id": s.id,
                "_number": s.number,
                "_version": s.version,
                "document": subscription_to_document(s),
            }
            for s in subscriptions
        ]
        if not rows:
            return
        self._c.execute(
            update(versions_t)
            .where(
                versions_t.c.tenant_id == tenant_id,
                versions_t.c.id == bindparam("_id"),
                versions_t.c.number == bindparam("_number"),
                versions_t.c.version == bindparam("_version"),
            )
            .values(document=bindparam("document")),
            rows,
        )

    def versions_of_tenant(
        self, tenant_id: str, *, latest_only: bool
    ) -> list[tuple[Subscription, datetime]]:
        """Every version of the tenant's subscriptions (or the latest of each) with the
        moment it was stored, by number then version."""
        query = select(versions_t.c.document, versions_t.c.created_at).where(
            versions_t.c.tenant_id == tenant_id
        )
        if latest_only:
            query = query.select_from(
                versions_t.join(
                    heads_t,
                    (heads_t.c.tenant_id == versions_t.c.tenant_id)
                    & (heads_t.c.number == versions_t.c.number)
                    & (heads_t.c.latest_version == versions_t.c.version),
                )
            )
        rows = self._c.execute(query.order_by(versions_t.c.number, versions_t.c.version))
        return [(_subscription(row), row["created_at"]) for row in rows.mappings()]

    def versions(self, tenant_id: str, number: str) -> list[tuple[Subscription, datetime]]:
        """Every version of one subscription, oldest first, with when each was stored."""
        rows = self._c.execute(
            select(versions_t.c.document, versions_t.c.created_at)
            .where(versions_t.c.tenant_id == tenant_id, versions_t.c.number == number)
            .order_by(versions_t.c.version)
        )
        return [(_subscription(row), row["created_at"]) for row in rows.mappings()]

    def created_at(self, tenant_id: str, subscription_id: str) -> datetime | None:
        """When the version with this id was stored."""
        return self._c.execute(
            select(versions_t.c.created_at).where(
                versions_t.c.tenant_id == tenant_id, versions_t.c.id == subscription_id
            )
        ).scalar_one_or_none()

    def delete_versions_from(self, tenant_id: str, number: str, version: int) -> None:
        """Deletes `version` and every later one; the head then names the highest version
        left, or goes too when none is left."""
        rate_plan_rows.delete_rows(self._c, tenant_id, rate_plan_rows.from_version(number, version))
        self._c.execute(
            delete(versions_t).where(
                versions_t.c.tenant_id == tenant_id,
                versions_t.c.number == number,
                versions_t.c.version >= version,
            )
        )
        remaining = self._c.execute(
            select(func.max(versions_t.c.version)).where(
                versions_t.c.tenant_id == tenant_id, versions_t.c.number == number
            )
        ).scalar_one_or_none()
        where = (heads_t.c.tenant_id == tenant_id, heads_t.c.number == number)
        if remaining is None:
            self._c.execute(delete(heads_t).where(*where))
            return
        row = (
            self._c.execute(
                select(
                    versions_t.c.account_id,
                    versions_t.c.invoice_owner_account_id,
                    versions_t.c.created_at,
                ).where(
                    versions_t.c.tenant_id == tenant_id,
                    versions_t.c.number == number,
                    versions_t.c.version == remaining,
                )
            )
            .mappings()
            .one()
        )
        self._c.execute(
            update(heads_t)
            .where(*where)
            .values(
                latest_version=remaining,
                account_id=row["account_id"],
                invoice_owner_account_id=row["invoice_owner_account_id"],
                updated_at=row["created_at"],
            )
        )

    def lock_nowait(self, tenant_id: str, numbers: Collection[str]) -> bool:
        """Lock the head rows of `numbers` (in number order) without waiting: False when
        another transaction holds one (PostgreSQL's lock_not_available, 55P03). On SQLite
        the writer holds the database already (BEGIN IMMEDIATE): always True."""
        if not numbers or self._c.dialect.name == "sqlite":
            return True
        query = (
            select(heads_t.c.id)
            .where(heads_t.c.tenant_id == tenant_id, heads_t.c.number.in_(sorted(numbers)))
            .order_by(heads_t.c.number)
            .with_for_update(nowait=True)
        )
        savepoint = self._c.begin_nested()
        try:
            self._c.execute(query).all()
        except DBAPIError as error:
            savepoint.rollback()
            if getattr(error.orig, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
                return False
            raise
        savepoint.commit()
        return True

    def _head(self, tenant_id: str, number: str, *, for_update: bool) -> RowMapping | None:
        query = _HEAD_FOR_UPDATE if for_update else _HEAD
        return self._c.execute(query, {"tenant_id": tenant_id, "number": number}).mappings().first()

    def _one(self, tenant_id: str, *conditions: Any) -> Subscription | None:
        row = (
            self._c.execute(
                select(versions_t.c.document).where(
                    versions_t.c.tenant_id == tenant_id, *conditions
                )
            )
            .mappings()
            .first()
        )
        return _subscription(row) if row else None


def unique_violation(err: IntegrityError, table: Table, *columns: str) -> bool:
    """Whether `err` violates the unique constraint of `table` on `columns`: PostgreSQL
    names the constraint (naming convention of tables.py), SQLite lists its columns."""
    message = str(err.orig)
    name = f"uq_{table.name}_{'_'.join(columns)}"
    listed = "UNIQUE constraint failed: " + ", ".join(f"{table.name}.{c}" for c in columns)
    return f'"{name}"' in message or listed in message
