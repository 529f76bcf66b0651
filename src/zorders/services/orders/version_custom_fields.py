"""Custom fields of one version of a subscription, its rate plans and its charges
(Zuora's "Update subscription custom fields of a subscription version"): changed in
place, as the latest version's are (no order makes the change, so no new version)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.subscription.model import Charge, RatePlan
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork


@dataclass(frozen=True)
class ChargeCustomFields:
    custom_fields: dict[str, Any]
    charge_id: str | None = None
    charge_number: str | None = None


@dataclass(frozen=True)
class RatePlanCustomFields:
    rate_plan_id: str
    custom_fields: dict[str, Any] = field(default_factory=dict)
    charges: tuple[ChargeCustomFields, ...] = ()


@dataclass(frozen=True)
class UpdateVersionCustomFields:
    subscription_number: str
    version: int
    custom_fields: dict[str, Any] = field(default_factory=dict)
    rate_plans: tuple[RatePlanCustomFields, ...] = ()


def _charge(charges: tuple[Charge, ...], change: ChargeCustomFields, where: str) -> int:
    for i, charge in enumerate(charges):
        if change.charge_id in (charge.id, charge.original_id) or (
            change.charge_number is not None and change.charge_number == charge.number
        ):
            return i
    key = change.charge_id or change.charge_number
    raise DomainError(
        ErrorCode.CHARGE_NOT_FOUND, f"The version has no charge '{key}'.", f"{where}.charge_id"
    )


def _plan(plan: RatePlan, change: RatePlanCustomFields, where: str) -> RatePlan:
    charges = list(plan.charges)
    for j, charge_change in enumerate(change.charges):
        if charge_change.charge_id is None and charge_change.charge_number is None:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                f"'{where}.charges[{j}]' names no charge (charge_id or charge_number).",
                f"{where}.charges[{j}].charge_number",
            )
        k = _charge(plan.charges, charge_change, f"{where}.charges[{j}]")
        charges[k] = replace(
            charges[k], custom_fields={**charges[k].custom_fields, **charge_change.custom_fields}
        )
    return replace(
        plan,
        custom_fields={**plan.custom_fields, **change.custom_fields},
        charges=tuple(charges),
    )


def update_version_custom_fields(
    uow: UnitOfWork, ctx: CommandContext, command: UpdateVersionCustomFields
) -> None:
    found = uow.subscriptions.version(ctx.tenant_id, command.subscription_number, command.version)
    if found is None:
        raise DomainError(
            ErrorCode.SUBSCRIPTION_NOT_FOUND,
            f"Subscription '{command.subscription_number}' version {command.version} "
            "does not exist.",
            "subscription_number",
        )
    plans = list(found.rate_plans)
    for i, change in enumerate(command.rate_plans):
        where = f"rate_plans[{i}]"
        index = next(
            (
                k
                for k, p in enumerate(plans)
                if change.rate_plan_id in (p.id, p.original_id, *p.known_ids)
            ),
            None,
        )
        if index is None:
            raise DomainError(
                ErrorCode.RATE_PLAN_NOT_FOUND,
                f"The version has no rate plan '{change.rate_plan_id}'.",
                f"{where}.rate_plan_id",
            )
        plans[index] = _plan(plans[index], change, where)
    uow.subscriptions.update_version(
        ctx.tenant_id,
        replace(
            found,
            custom_fields={**found.custom_fields, **command.custom_fields},
            rate_plans=tuple(plans),
        ),
    )
