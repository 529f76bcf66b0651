"""The v2 subscription object (spec §12.3, Zuora's Quickstart `Subscription`): one version
of a subscription with its `subscription_plans` and their `subscription_items`. The
subscriptions of a v2 order (`order_views.py`) and `/v2/subscriptions` answer this object;
an order adds the `actions` it took."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from zorders.api.v2.vocabulary import SUBSCRIPTION_STATES
from zorders.domain.money import quantize
from zorders.domain.subscription.metrics import reference_day, subscription_metrics
from zorders.domain.subscription.model import (
    RenewalSetting,
    Subscription,
    TermLength,
    TermType,
)

_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(value: str) -> str:
    """`FlatFee` -> `flat_fee`, `OneTime` -> `one_time`."""
    return _WORD.sub("_", value).replace(" ", "_").lower()


def timestamp(value: datetime | None) -> str | None:
    """ISO-8601 with its offset (spec §12.3), as every v2 object answers it; stored times
    are UTC. Fractions of a second are kept when there are any: lists sort on the value
    answered (created_time.desc by default), and objects made within one second keep their
    order."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def clean(body: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that have a value (v2 objects leave out what is not known)."""
    return {k: v for k, v in body.items() if v is not None}


def _term(term_type: TermType, length: TermLength | None, **dates: date | None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": term_type.value.lower()}
    if length is not None:
        body["interval"] = length.period_type.value.lower()
        body["interval_count"] = length.period
    body.update({k: v for k, v in dates.items() if v is not None})
    return body


def subscription_plans(version: Subscription) -> list[dict[str, Any]]:
    """The version's plans (removed ones left out), each with its items."""
    plans = []
    for plan in version.rate_plans:
        if plan.is_removed:
            continue
        items = []
        for charge in plan.charges:
            # A charge waiting for its trigger date has its values but no segment yet.
            segment = charge.segments[-1] if charge.segments else charge.pending_values
            items.append(
                {
                    "id": charge.id,
                    "subscription_item_number": charge.number,
                    "name": charge.name,
                    "description": charge.description or None,
                    "price_id": charge.product_rate_plan_charge_id,
                    "subscription_plan_id": plan.id,
                    "charge_type": snake(charge.charge_type.value),
                    "charge_model": snake(charge.charge_model.value),
                    "start_date": charge.effective_start_date,
                    "end_date": charge.effective_end_date,
                    "quantity": segment.quantity if segment else None,
                    "unit_amount"
                    if segment and segment.quantity is not None
                    else "amount": segment.price if segment else None,
                    "unit_of_measure": charge.uom,
                    "charged_through_date": charge.charged_through_date,
                    "processed_through_date": charge.processed_through_date,
                    "unique_token": charge.unique_token,
                    "custom_fields": charge.custom_fields,
                }
            )
        plans.append(
            {
                "id": plan.id,
                "subscription_plan_number": plan.subscription_rate_plan_number,
                "name": plan.name,
                "plan_id": plan.product_rate_plan_id,
                "plan_number": plan.product_rate_plan_number,
                "product_id": plan.product_id,
                "subscription_id": version.id,
                "unique_token": plan.unique_token,
                "custom_fields": plan.custom_fields,
                "subscription_items": [clean(i) for i in items],
            }
        )
    return [clean(p) for p in plans]


def version_body(
    version: Subscription,
    today: date,
    latest: int | None,
    *,
    custom_fields: Mapping[str, Any] | None = None,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """The object's own fields and its plans; `latest` is the latest version number of
    the subscription (None: this one). `custom_fields` adds to the version's own."""
    terms = version.terms
    renewal = terms.renewal_terms[0] if terms.renewal_terms else None
    evergreen_renewal = terms.renewal_setting is RenewalSetting.RENEW_TO_EVERGREEN
    mrr = subscription_metrics(version, reference_day(version, today)).contracted_mrr
    body: dict[str, Any] = {
        "id": version.id,
        "subscription_number": version.number,
        "state": SUBSCRIPTION_STATES[version.status_on(today)],
        "version": version.version,
        "latest_version": latest is None or latest == version.version,
        "account_id": version.account_id,
        "invoice_owner_account_id": version.invoice_owner_account_id,
        "currency": version.currency,
        "auto_renew": terms.auto_renew,
        "initial_term": _term(terms.term_type, terms.initial_term),
        "current_term": _term(
            terms.term_type,
            terms.current_term,
            start_date=terms.term_start_date,
            end_date=terms.term_end_date,
        ),
        "renewal_term": _term(
            TermType.EVERGREEN if evergreen_renewal else TermType.TERMED,
            None if evergreen_renewal else renewal,
        ),
        "start_date": version.subscription_start_date,
        "end_date": version.subscription_end_date,
        "contract_effective": version.contract_effective_date,
        "service_activation": version.service_activation_date,
        "customer_acceptance": version.customer_acceptance_date,
        "invoice_separately": version.invoice_separately,
        "order_number": version.order_number,
        "cancel_reason": version.cancel_reason,
        "description": version.notes,
        "contracted_mrr": quantize(mrr, version.currency),
        "custom_fields": {**version.custom_fields, **(custom_fields or {})},
        # A version is written once (custom fields aside): its update is its creation.
        "created_time": timestamp(created_at),
        "updated_time": timestamp(created_at),
        "subscription_plans": subscription_plans(version),
    }
    return clean(body)


def only(obj: Mapping[str, Any], names: frozenset[str] | None, key: str = "id") -> dict[str, Any]:
    """`obj` with the `names` asked for (all when None), its `key` always."""
    return dict(obj) if names is None else {k: v for k, v in obj.items() if k in names or k == key}


def restrict_items(
    plans: list[dict[str, Any]],
    plan_fields: frozenset[str] | None,
    item_fields: frozenset[str] | None,
) -> list[dict[str, Any]]:
    """`subscription_plans.fields[]` and `subscription_items.fields[]` on a subscription's
    plans (the query mechanism restricts top-level relations only)."""
    out = []
    for plan in plans:
        plan = only(plan, plan_fields)
        if "subscription_items" in plan:
            plan["subscription_items"] = [only(i, item_fields) for i in plan["subscription_items"]]
        out.append(plan)
    return out
