"""Query sources over arrays held in JSON documents (issue 14, decisions ZQ11-ZQ13): the
rate plans and charges of subscription versions, payments' applications, orders' actions.
Each array element is a row, through the backend's JSON table function (`json_each` on
SQLite, `json_array_elements` on PostgreSQL); a rate plan's or charge's key is its
version's id and its own, so that each version's copy is its own record. `sources_for`
is every source, the column ones of `query_sources` included."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    FromClause,
    String,
    and_,
    case,
    cast,
    false,
    literal,
    or_,
    select,
    true,
    type_coerce,
)

from zorders.domain.subscription.model import PendingState, SubscriptionStatus, TermType
from zorders.services.query.amendments import AMENDMENT_STATUS, AMENDMENT_TYPES
from zorders.storage.query_base import Source, today_param
from zorders.storage.query_json import Element
from zorders.storage.query_json import elements as _elements
from zorders.storage.query_sources import SOURCES
from zorders.storage.query_subscription_sources import AMENDMENT
from zorders.storage.query_tiers import rate_plan_charge_tier
from zorders.storage.tables import (
    order_actions,
    orders,
    payments,
    subscription_versions,
    subscriptions,
)
from zorders.storage.types import JsonDate

SV = subscription_versions


def rate_plans(dialect: str) -> tuple[FromClause, ColumnElement[Any], Element]:
    plans = _elements(dialect, SV.c.document, "rate_plans", "rp")
    element = Element(plans.c.value)
    key = SV.c.id + ":" + element.text("id")
    return SV.join(plans, true()), key, element


def rate_plan_charges(
    dialect: str,
) -> tuple[FromClause, ColumnElement[Any], Element, Element]:
    plans = _elements(dialect, SV.c.document, "rate_plans", "rp")
    plan = Element(plans.c.value)
    charges = _elements(dialect, plans.c.value, "charges", "rpc")
    charge = Element(charges.c.value)
    key = SV.c.id + ":" + charge.text("id")
    return SV.join(plans, true()).join(charges, true()), key, plan, charge


def payment_applications(dialect: str) -> tuple[FromClause, ColumnElement[Any], Element, Any]:
    """A payment's applications to invoices (its `applications`), one row each."""
    applications = _elements(dialect, payments.c.payment, "applications", "pa", numbered=True)
    key = payments.c.id + "-" + cast(applications.c.key, String)
    return payments.join(applications, true()), key, Element(applications.c.value), applications


def order_action_elements(dialect: str) -> tuple[Any, Element]:
    """Each order's actions (its `subscriptions[].actions[]`): the element table to join
    and the action's values."""
    subscriptions = _elements(dialect, orders.c.document, "subscriptions", "os")
    actions = _elements(dialect, subscriptions.c.value, "actions", "oa")
    return (subscriptions, actions), Element(actions.c.value)


def _rate_plan(dialect: str) -> Source:
    table, key, plan = rate_plans(dialect)
    return Source(
        table,
        key,
        subscription_versions.c.tenant_id,
        {
            "id": plan.text("id"),
            "name": plan.text("name"),
            "product_rate_plan_id": plan.text("product_rate_plan_id"),
            "subscription_id": subscription_versions.c.id,
            "last_change_type": plan.text("last_change_type"),
            "created_at": subscription_versions.c.created_at,
        },
    )


def _rate_plan_charge(dialect: str) -> Source:
    table, key, plan, charge = rate_plan_charges(dialect)
    return Source(
        table,
        key,
        subscription_versions.c.tenant_id,
        {
            "id": charge.text("id"),
            "original_id": charge.text("original_id"),
            "rate_plan_id": plan.text("id"),
            "number": charge.text("number"),
            "product_rate_plan_charge_id": charge.text("product_rate_plan_charge_id"),
            "name": charge.text("name"),
            "charge_type": charge.text("charge_type"),
            "charge_model": charge.text("charge_model"),
            "trigger_event": charge.text("trigger_event"),
            "trigger_date": charge.date("trigger_date"),
            "description": charge.text("description"),
            "uom": charge.text("uom"),
            "bill_cycle_type": charge.text("bill_cycle_type"),
            "bill_cycle_day": charge.integer("bill_cycle_day"),
            "billing_period": charge.text("billing_period"),
            "billing_timing": charge.text("billing_timing"),
            "end_date_condition": charge.text("end_date_condition"),
            "up_to_periods": charge.integer("up_to_periods"),
            "charged_through_date": charge.date("charged_through_date"),
            "processed_through_date": charge.date("processed_through_date"),
            "created_at": subscription_versions.c.created_at,
        },
    )


def _invoice_payment(dialect: str) -> Source:
    table, key, application, _ = payment_applications(dialect)
    return Source(
        table,
        key,
        payments.c.tenant_id,
        {
            "id": key,
            "payment_id": payments.c.id,
            "invoice_id": application.text("invoice_id"),
            "amount": application.decimal(dialect, "amount"),
            "created_at": payments.c.created_at,
        },
    )


def _amendment(dialect: str) -> Source:
    """`AMENDMENT` with the action's trigger dates, out of its order's document (ZQ13)."""
    (subscriptions, actions), action = order_action_elements(dialect)
    dates = {
        "effective_date": action.date("trigger_dates", "ContractEffective"),
        "contract_effective_date": action.date("trigger_dates", "ContractEffective"),
        "service_activation_date": action.date("trigger_dates", "ServiceActivation"),
        "customer_acceptance_date": action.date("trigger_dates", "CustomerAcceptance"),
    }
    kind = case(AMENDMENT_TYPES, value=order_actions.c.type, else_=order_actions.c.type)
    sequence = Element(subscriptions.c.value).integer("sequence")
    described = {
        # As the legacy amendment reads answer them (LG7).
        "name": kind + " of " + order_actions.c.subscription_number,
        "code": orders.c.number
        + "-"
        + cast(sequence, String)
        + "-"
        + cast(order_actions.c.sequence, String),
        "status": literal(AMENDMENT_STATUS, String),
        "description": action.text("change_reason"),
    }
    return Source(
        AMENDMENT.table.join(subscriptions, true()).join(actions, true()),
        AMENDMENT.key,
        AMENDMENT.tenant,
        {**AMENDMENT.attrs, **dates, **described},
        scope=and_(AMENDMENT.scope, action.text("id") == order_actions.c.id),
    )


def _status(dialect: str) -> ColumnElement[Any]:
    """A version's Status on the query's day (`TODAY`), as `Subscription.status_on` reads
    it, in SQL (ZQ16); a version a later one superseded is `Expired`, as Zuora's earlier
    versions are."""
    document = type_coerce(SV.c.document, JSON)
    latest = (
        select(subscriptions.c.latest_version)
        .where(subscriptions.c.tenant_id == SV.c.tenant_id, subscriptions.c.number == SV.c.number)
        .scalar_subquery()
    )
    pending = document[("pending",)].as_string()
    cancelled = type_coerce(document[("cancelled_date",)].as_string(), JsonDate())
    end = type_coerce(document[("terms", "term_end_date")].as_string(), JsonDate())
    auto_renew = document[("terms", "auto_renew")].as_boolean()

    today = today_param()
    held = _elements(dialect, SV.c.document, "suspensions", "ss")
    suspension = Element(held.c.value)
    resumed = suspension.date("resume_date")
    suspended = (
        select(literal(1))
        .select_from(held)
        .where(
            suspension.date("suspend_date") <= today,
            or_(resumed.is_(None), resumed > today),
        )
        .exists()
    )
    found: ColumnElement[Any] = case(
        (SV.c.version < latest, SubscriptionStatus.EXPIRED.value),
        *(((pending == state.value), state.value) for state in PendingState),
        (and_(cancelled.is_not(None), cancelled <= today), SubscriptionStatus.CANCELLED.value),
        (suspended, SubscriptionStatus.SUSPENDED.value),
        (
            and_(
                document[("terms", "term_type")].as_string() == TermType.TERMED.value,
                end.is_not(None),
                end <= today,
                auto_renew == false(),
            ),
            SubscriptionStatus.EXPIRED.value,
        ),
        else_=SubscriptionStatus.ACTIVE.value,
    )
    return found


def _subscription(dialect: str) -> Source:
    base = SOURCES["subscription"]
    return replace(base, attrs={**base.attrs, "status": _status(dialect)})


_BY_DIALECT: dict[str, dict[str, Source]] = {}


def sources_for(dialect: str) -> dict[str, Source]:
    """Every source; those over JSON arrays are built for the backend's functions."""
    if dialect not in _BY_DIALECT:
        _BY_DIALECT[dialect] = {
            **SOURCES,
            "subscription": _subscription(dialect),
            "rate_plan": _rate_plan(dialect),
            "rate_plan_charge": _rate_plan_charge(dialect),
            "rate_plan_charge_tier": rate_plan_charge_tier(dialect),
            "invoice_payment": _invoice_payment(dialect),
            "amendment": _amendment(dialect),
        }
    return _BY_DIALECT[dialect]
