"""The query sources over subscription versions (issue 14): the subscription, read from
its version's document, and the amendment, an order action on an existing subscription."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, type_coerce

from zorders.storage.query_base import Source
from zorders.storage.tables import order_actions, orders, subscription_versions
from zorders.storage.types import JsonDate


def _columns(table: Any, **names: str) -> dict[str, ColumnElement[Any]]:
    return {attr: table.c[column] for attr, column in names.items()}


def _doc_text(*path: str) -> ColumnElement[Any]:
    text: ColumnElement[Any] = subscription_versions.c.document[path].as_string()
    return text


def _doc_date(*path: str) -> ColumnElement[Any]:
    return type_coerce(_doc_text(*path), JsonDate())


SUBSCRIPTION = Source(
    subscription_versions,
    subscription_versions.c.id,
    subscription_versions.c.tenant_id,
    {
        **_columns(
            subscription_versions,
            id="id",
            number="number",
            version="version",
            account_id="account_id",
            invoice_owner_account_id="invoice_owner_account_id",
            currency="currency",
            created_at="created_at",
        ),
        # The version's document (storage/documents.py): what ZOQL filters on there.
        "contract_effective_date": _doc_date("contract_effective_date"),
        "service_activation_date": _doc_date("service_activation_date"),
        "customer_acceptance_date": _doc_date("customer_acceptance_date"),
        "subscription_start_date": _doc_date("subscription_start_date"),
        "cancelled_date": _doc_date("cancelled_date"),
        "term_type": _doc_text("terms", "term_type"),
        "term_start_date": _doc_date("terms", "term_start_date"),
        "term_end_date": _doc_date("terms", "term_end_date"),
        # Its cancel date, else its term's end (null for an evergreen one: ZQ18).
        "subscription_end_date": func.coalesce(
            _doc_date("cancelled_date"), _doc_date("terms", "term_end_date")
        ),
        "initial_term": subscription_versions.c.document[
            ("terms", "initial_term", "period")
        ].as_integer(),
        "initial_term_period_type": _doc_text("terms", "initial_term", "period_type"),
        "current_term": subscription_versions.c.document[
            ("terms", "current_term", "period")
        ].as_integer(),
        "current_term_period_type": _doc_text("terms", "current_term", "period_type"),
        "renewal_setting": _doc_text("terms", "renewal_setting"),
        "auto_renew": subscription_versions.c.document[("terms", "auto_renew")].as_boolean(),
        "notes": _doc_text("notes"),
        "invoice_separately": subscription_versions.c.document[
            ("invoice_separately",)
        ].as_boolean(),
    },
    custom=subscription_versions.c.document,
    custom_path=("custom_fields",),
)

# An amendment is an order action on an existing subscription; its subscription is the
# version the action's order made.
AMENDMENT = Source(
    order_actions.join(orders, orders.c.id == order_actions.c.order_id).outerjoin(
        subscription_versions,
        and_(
            subscription_versions.c.tenant_id == order_actions.c.tenant_id,
            subscription_versions.c.number == order_actions.c.subscription_number,
            subscription_versions.c.order_number == orders.c.number,
        ),
    ),
    order_actions.c.id,
    order_actions.c.tenant_id,
    {
        "id": order_actions.c.id,
        "type": order_actions.c.type,
        "subscription_id": subscription_versions.c.id,
        "subscription_number": order_actions.c.subscription_number,
        "created_at": orders.c.created_at,
        "updated_at": orders.c.updated_at,
    },
    scope=order_actions.c.type.not_in(("CreateSubscription", "ChangePlan")),
)
