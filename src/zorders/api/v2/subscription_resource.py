"""What the v2 subscription object offers to the query mechanism (Zuora's Quickstart
"List subscriptions" / "Retrieve a subscription" parameters), and how one read or list
applies its expansions and nested selections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from zorders.api.v2.account_views import ACCOUNTS, account_view
from zorders.api.v2.order_resource import ITEM_FIELDS, PLAN_FIELDS, SUBSCRIPTION_FIELDS
from zorders.api.v2.query import Kind, Query, Resource, select
from zorders.api.v2.subscription_views import restrict_items, version_body
from zorders.domain.accounts import Account
from zorders.services.orders.reads import StoredVersion

# The names `expand[]` takes; `subscription_plans.subscription_items` is the same as
# `subscription_plans` (plans always come with their items).
PLANS = "subscription_plans"
EXPANSIONS = (PLANS, "account", "invoice_owner_account")

SUBSCRIPTIONS = Resource(
    name="subscriptions",
    fields=frozenset(SUBSCRIPTION_FIELDS - {"actions"} | set(EXPANSIONS)),
    filterable={
        "id": Kind.STRING,
        "subscription_number": Kind.STRING,
        "state": Kind.STRING,
        "version": Kind.INTEGER,
        "latest_version": Kind.BOOLEAN,
        "account_id": Kind.STRING,
        "invoice_owner_account_id": Kind.STRING,
        "currency": Kind.STRING,
        "auto_renew": Kind.BOOLEAN,
        "start_date": Kind.DATE,
        "end_date": Kind.DATE,
        "contract_effective": Kind.DATE,
        "service_activation": Kind.DATE,
        "customer_acceptance": Kind.DATE,
        "order_number": Kind.STRING,
        "contracted_mrr": Kind.NUMBER,
        "created_time": Kind.DATETIME,
        "updated_time": Kind.DATETIME,
    },
    sortable=frozenset(
        {
            "created_time",
            "updated_time",
            "id",
            "subscription_number",
            "version",
            "start_date",
            "end_date",
            "contract_effective",
            "contracted_mrr",
        }
    ),
    related={
        PLANS: PLAN_FIELDS,
        "subscription_items": ITEM_FIELDS,
        "account": ACCOUNTS.fields,
        "invoice_owner_account": ACCOUNTS.fields,
    },
    related_filterable={
        PLANS: {
            "id": Kind.STRING,
            "plan_id": Kind.STRING,
            "plan_number": Kind.STRING,
            "product_id": Kind.STRING,
            "subscription_plan_number": Kind.STRING,
            "name": Kind.STRING,
        }
    },
    expandable=frozenset({*EXPANSIONS, f"{PLANS}.subscription_items"}),
)


def all_versions(query: Query) -> bool:
    """A list shows the latest version of each subscription unless it filters on
    `version` or `latest_version` (decision QS2)."""
    return any(f.field in ("version", "latest_version") for f in query.filters)


def _expanded(query: Query) -> frozenset[str]:
    names = set(query.expand) & set(EXPANSIONS)
    if query.expands(f"{PLANS}.subscription_items"):
        names.add(PLANS)
    return frozenset(names)


def effective(query: Query) -> Query:
    """`fields[]` keeps the relations `expand[]` asked for."""
    if query.fields is None:
        return query
    return replace(query, fields=query.fields | _expanded(query))


def subscription_view(
    stored: StoredVersion, query: Query, today: date, account: Callable[[str], Account | None]
) -> dict[str, Any]:
    """The object of one version, with what `expand[]` asked for (`account` finds an
    account by id)."""
    version = stored.subscription
    body = version_body(version, today, stored.latest_version, created_at=stored.created_at)
    plans = body.pop(PLANS, [])
    wanted = _expanded(query)
    if PLANS in wanted:
        body[PLANS] = plans
    for name, account_id in (
        ("account", version.account_id),
        ("invoice_owner_account", version.invoice_owner_account_id),
    ):
        if name in wanted:
            found = account(account_id)
            body[name] = account_view(found) if found is not None else None
    return body


def selected(view: dict[str, Any], query: Query) -> dict[str, Any]:
    """One object as `query` asks (use `effective(query)`), items of its plans too."""
    out = select(view, query, SUBSCRIPTIONS)
    return nested(out, query)


def nested(out: dict[str, Any], query: Query) -> dict[str, Any]:
    """`subscription_items.fields[]` inside the (already selected) plans."""
    if PLANS in out and "subscription_items" in query.related_fields:
        out[PLANS] = restrict_items(out[PLANS], None, query.related_fields["subscription_items"])
    return out
