"""The catalog plans orders name, cached across requests by catalog revision (PF25).

Every catalog write bumps the tenant's catalog revision (a row of `sequences`) in the
writer's transaction, so a revision read in an order's transaction names one state of the
catalog in every process; the cache is keyed by it and is never wrong, only cold. The
revision starts at a random value, so a tenant deleted and made again under the same id
does not meet its old entries. A tenant whose catalog has not changed since this release
has no revision yet: its plans are read from the database until its first catalog write.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from zorders.domain.catalog.model import Product, ProductRatePlan, ProductRatePlanCharge
from zorders.storage.repositories.catalog import SqlCatalogRepository
from zorders.storage.tables import sequences

REVISION = "catalog_revision"
# Entries kept per process (a plan with its product and charges each).
CACHE_SIZE = 2048

OrderPlan = tuple[Product, ProductRatePlan, tuple[ProductRatePlanCharge, ...]]


def _bump_statement(dialect_insert: Any) -> Any:
    return (
        dialect_insert(sequences)
        .values(tenant_id=bindparam("tenant_id"), name=REVISION, value=bindparam("start"))
        .on_conflict_do_update(
            index_elements=["tenant_id", "name"], set_={"value": sequences.c.value + 1}
        )
    )


_BUMP = {"postgresql": _bump_statement(postgresql.insert), "sqlite": _bump_statement(sqlite.insert)}
_READ = select(sequences.c.value).where(
    sequences.c.tenant_id == bindparam("tenant_id"), sequences.c.name == REVISION
)


class CatalogCache:
    """A bounded LRU of order plans by (tenant, revision, plan id or number); shared by
    the threads of one process. Its values are frozen catalog records."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, int, str, str], OrderPlan | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int, str, str]) -> tuple[bool, OrderPlan | None]:
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            return True, self._entries[key]

    def put(self, key: tuple[str, int, str, str], value: OrderPlan | None) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


class CachedCatalogRepository(SqlCatalogRepository):
    """The catalog repository whose writes bump the revision and whose `order_plan`
    reads through the cache."""

    def __init__(self, connection: Connection, cache: CatalogCache) -> None:
        super().__init__(connection)
        self._cache = cache

    def _bump(self, tenant_id: str) -> None:
        start = secrets.randbelow(2**62)
        self._c.execute(_BUMP[self._c.dialect.name], {"tenant_id": tenant_id, "start": start})

    def order_plan(
        self, tenant_id: str, *, plan_id: str | None = None, number: str | None = None
    ) -> OrderPlan | None:
        """The plan (by id, else by number), its product and its charges, as stored now."""
        revision = self._c.execute(_READ, {"tenant_id": tenant_id}).scalar_one_or_none()
        key = (tenant_id, int(revision or 0), plan_id or "", number or "")
        if revision is not None:
            found, value = self._cache.get(key)
            if found:
                return value
        value = self._read_plan(tenant_id, plan_id, number)
        if revision is not None:
            self._cache.put(key, value)
        return value

    def _read_plan(
        self, tenant_id: str, plan_id: str | None, number: str | None
    ) -> OrderPlan | None:
        if plan_id:
            plan = self.get_plan(tenant_id, plan_id)
        else:
            plan = self.find_plan_by_number(tenant_id, number or "")
        product = self.get_product(tenant_id, plan.product_id) if plan else None
        if plan is None or product is None:
            return None
        return product, plan, tuple(self.list_charges(tenant_id, [plan.id]))

    # -- writes: each bumps the revision in its transaction ------------------------------

    def add_product(self, tenant_id: str, product: Product) -> None:
        self._bump(tenant_id)
        super().add_product(tenant_id, product)

    def update_product(self, tenant_id: str, product: Product) -> None:
        self._bump(tenant_id)
        super().update_product(tenant_id, product)

    def delete_product(self, tenant_id: str, product_id: str) -> None:
        self._bump(tenant_id)
        super().delete_product(tenant_id, product_id)

    def add_plan(self, tenant_id: str, plan: ProductRatePlan) -> None:
        self._bump(tenant_id)
        super().add_plan(tenant_id, plan)

    def update_plan(self, tenant_id: str, plan: ProductRatePlan) -> None:
        self._bump(tenant_id)
        super().update_plan(tenant_id, plan)

    def delete_plan(self, tenant_id: str, plan_id: str) -> None:
        self._bump(tenant_id)
        super().delete_plan(tenant_id, plan_id)

    def add_charge(self, tenant_id: str, charge: ProductRatePlanCharge) -> ProductRatePlanCharge:
        self._bump(tenant_id)
        return super().add_charge(tenant_id, charge)

    def update_charge(self, tenant_id: str, charge: ProductRatePlanCharge) -> ProductRatePlanCharge:
        self._bump(tenant_id)
        return super().update_charge(tenant_id, charge)

    def delete_charge(self, tenant_id: str, charge_id: str) -> None:
        self._bump(tenant_id)
        super().delete_charge(tenant_id, charge_id)
