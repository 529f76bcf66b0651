"""Scalars of a v1 body in its JSON form: dates and amounts may be strings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any


def day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def enum(cls: Any, value: Any) -> Any:
    return None if value is None else cls(value)
