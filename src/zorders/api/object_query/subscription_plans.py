"""Object Query `rate-plans` and `rate-plan-charges` (decision OQ15): a list pages the rows
stored with each subscription version, then reads the page's versions by id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zorders.api.object_query.customers import (
    SUBSCRIPTION_FIELDS,
    latest_versions,
    subscription_view,
)
from zorders.api.object_query.objects import ObjectSpec, resource
from zorders.api.object_query.rate_plans import (
    CHARGE_FIELDS,
    RATE_PLAN_FIELDS,
    TIER_FIELDS,
    charge_view,
    rate_plan_view,
    tiers_view,
)
from zorders.api.selection.query import Kind, Query
from zorders.domain.subscription.model import Subscription
from zorders.services.context import CommandContext
from zorders.services.ports.unit_of_work import UnitOfWork

_PLAN_COLUMNS = {
    "id": "plan_id",
    "subscriptionId": "subscription_version_id",
    "name": "name",
    "productRatePlanId": "product_rate_plan_id",
    "createdDate": "created_at",
}
_CHARGE_COLUMNS = {
    "id": "charge_id",
    "ratePlanId": "plan_id",
    "chargeNumber": "charge_number",
    "name": "name",
    "chargeType": "charge_type",
    "chargeModel": "charge_model",
    "productRatePlanChargeId": "product_rate_plan_charge_id",
    "createdDate": "created_at",
}


def _kinds(columns: Mapping[str, str]) -> dict[str, Kind]:
    return {f: Kind.DATETIME if f == "createdDate" else Kind.STRING for f in columns}


class _Versions:
    """The page's subscription versions, each read once."""

    def __init__(self, uow: UnitOfWork, ctx: CommandContext) -> None:
        self._uow, self._ctx = uow, ctx
        self._found: dict[str, tuple[Subscription, Any]] = {}

    def get(self, version_id: str) -> tuple[Subscription, Any]:
        if version_id not in self._found:
            tenant = self._ctx.tenant_id
            s = self._uow.subscriptions.by_id(tenant, version_id)
            assert s is not None, "a rate plan just paged is on a stored version"
            self._found[version_id] = (s, self._uow.subscriptions.created_at(tenant, s.id))
        return self._found[version_id]

    def subscription(self, s: Subscription, created: Any) -> dict[str, Any]:
        latest = latest_versions(self._uow, self._ctx, [s.number])
        return subscription_view(s, self._ctx, created, latest)


def _load_plans(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    versions = _Versions(uow, ctx)
    out = []
    for row in rows:
        s, created = versions.get(row["subscription_version_id"])
        plan = next(p for p in s.rate_plans if p.id == row["plan_id"])
        charges = query.expands("ratePlanCharges")
        one = rate_plan_view(s, plan, ctx.today, charges=charges, created=created)
        if query.expands("subscription"):
            one["subscription"] = versions.subscription(s, created)
        out.append(one)
    return out


def _load_charges(
    uow: UnitOfWork, ctx: CommandContext, query: Query, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    versions = _Versions(uow, ctx)
    out = []
    for row in rows:
        s, created = versions.get(row["subscription_version_id"])
        plan = next(p for p in s.rate_plans if p.id == row["plan_id"])
        charge = next(c for c in plan.charges if c.id == row["charge_id"])
        one = charge_view(s, plan, charge, ctx.today, created)
        if query.expands("ratePlan"):
            one["ratePlan"] = rate_plan_view(s, plan, ctx.today, charges=False, created=created)
        if query.expands("ratePlanChargeTiers"):
            one["ratePlanChargeTiers"] = tiers_view(charge, ctx.today)
        out.append(one)
    return out


RATE_PLANS = ObjectSpec(
    path="rate-plans",
    singular="rateplan",
    table="subscription_rate_plans",
    resource=resource(
        "rate-plans",
        [f for f in RATE_PLAN_FIELDS if f != "ratePlanCharges"],
        _kinds(_PLAN_COLUMNS),
        related={"subscription": SUBSCRIPTION_FIELDS, "ratePlanCharges": CHARGE_FIELDS},
        expandable=("subscription", "ratePlanCharges"),
    ),
    columns=_PLAN_COLUMNS,
    keys=("plan_id",),
    load=_load_plans,
    fetch=("subscription_version_id", "plan_id"),
)

RATE_PLAN_CHARGES = ObjectSpec(
    path="rate-plan-charges",
    singular="rateplancharge",
    table="subscription_rate_plan_charges",
    resource=resource(
        "rate-plan-charges",
        CHARGE_FIELDS,
        _kinds(_CHARGE_COLUMNS),
        related={
            "ratePlan": [f for f in RATE_PLAN_FIELDS if f != "ratePlanCharges"],
            "ratePlanChargeTiers": TIER_FIELDS,
        },
        expandable=("ratePlan", "ratePlanChargeTiers"),
    ),
    columns=_CHARGE_COLUMNS,
    keys=("charge_id",),
    load=_load_charges,
    fetch=("subscription_version_id", "plan_id", "charge_id"),
)
