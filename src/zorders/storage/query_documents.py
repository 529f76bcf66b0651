"""Query sources over the rate plans and charges held in subscription versions' JSON
documents (issue 14, decision ZQ11): each array element is a row, through the backend's
JSON table function (`json_each` on SQLite, `json_array_elements` on PostgreSQL); a row's
key is its version's id and its own, so that each version's copy is its own record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    FromClause,
    Numeric,
    String,
    cast,
    func,
    true,
    type_coerce,
)

from zorders.storage.tables import orders, payments, subscription_versions
from zorders.storage.types import DecimalType, JsonDate

SV = subscription_versions


def _elements(
    dialect: str, parent: ColumnElement[Any], key: str, name: str, *, numbered: bool = False
) -> Any:
    """The elements of `parent`'s array `key`; `numbered`: with their place (`place`,
    0-based on SQLite, 1-based on PostgreSQL: only its order matters)."""
    if dialect == "sqlite":
        found = func.json_each(parent, f"$.{key}")
        return found.table_valued("value", "key", name=name)
    elements = func.json_array_elements(type_coerce(parent, JSON)[key])
    if numbered:
        numbered_elements = elements.table_valued("value", with_ordinality="key")
        return numbered_elements.render_derived(name=name).lateral()
    return elements.table_valued("value", name=name).lateral()


class Element:
    """One JSON array element's values, typed."""

    def __init__(self, value: ColumnElement[Any]) -> None:
        self._value = type_coerce(value, JSON)

    def text(self, *path: str) -> ColumnElement[Any]:
        found: ColumnElement[Any] = self._value[path].as_string()
        return found

    def integer(self, *path: str) -> ColumnElement[Any]:
        found: ColumnElement[Any] = self._value[path].as_integer()
        return found

    def date(self, *path: str) -> ColumnElement[Any]:
        return type_coerce(self.text(*path), JsonDate())

    def decimal(self, dialect: str, *path: str) -> ColumnElement[Any]:
        """A Decimal kept as text: exact NUMERIC on PostgreSQL; on SQLite a DecimalType,
        which the query repository compares as a number (ZQ5)."""
        if dialect == "sqlite":
            return type_coerce(self.text(*path), DecimalType())
        return cast(self.text(*path), Numeric(asdecimal=True))


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
