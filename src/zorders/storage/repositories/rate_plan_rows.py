"""The rate plan and charge rows of a subscription version (decision OQ15), written and
deleted with the version by the subscription repository."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.engine import Connection

from zorders.domain.subscription.model import Subscription
from zorders.services.ids import new_id
from zorders.storage.tables import subscription_rate_plan_charges as charges_t
from zorders.storage.tables import subscription_rate_plans as plans_t


def write_rows(c: Connection, tenant_id: str, s: Subscription, created_at: datetime) -> None:
    common = {
        "tenant_id": tenant_id,
        "subscription_version_id": s.id,
        "subscription_number": s.number,
        "version": s.version,
        "account_id": s.account_id,
        "created_at": created_at,
    }
    plans: list[dict[str, Any]] = []
    charges: list[dict[str, Any]] = []
    for plan in s.rate_plans:
        plans.append(
            {
                **common,
                "id": new_id(),
                "plan_id": plan.id,
                "product_rate_plan_id": plan.product_rate_plan_id,
                "name": plan.name,
            }
        )
        charges.extend(
            {
                **common,
                "id": new_id(),
                "charge_id": charge.id,
                "plan_id": plan.id,
                "charge_number": charge.number,
                "product_rate_plan_charge_id": charge.product_rate_plan_charge_id,
                "name": charge.name,
                "charge_type": charge.charge_type.value,
                "charge_model": charge.charge_model.value,
            }
            for charge in plan.charges
        )
    if plans:
        c.execute(insert(plans_t), plans)
    if charges:
        c.execute(insert(charges_t), charges)


def delete_rows(c: Connection, tenant_id: str, *conditions: Any) -> None:
    """Rows of the versions the conditions name; a condition is a function of a table."""
    for table in (charges_t, plans_t):
        c.execute(
            delete(table).where(table.c.tenant_id == tenant_id, *(f(table) for f in conditions))
        )


def of_version(version_id: str) -> Any:
    return lambda t: t.c.subscription_version_id == version_id


def from_version(number: str, version: int) -> Any:
    return lambda t: (t.c.subscription_number == number) & (t.c.version >= version)


def of_account(account_id: str) -> Any:
    return lambda t: t.c.account_id == account_id
