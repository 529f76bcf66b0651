"""Jinja2 templates of the console, with the filters its pages share."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from zorders.domain.money import quantize


def money(amount: Decimal | None, currency: str | None = None) -> str:
    if amount is None:
        return ""
    value = quantize(amount, currency) if currency else amount
    text = f"{value:,}"
    return f"{text} {currency}" if currency else text


def price(amount: Decimal | None, currency: str) -> str:
    """A unit price as the catalog holds it: every decimal it has, at least the
    currency's (0.002 USD stays 0.002, 29 is 29.00)."""
    if amount is None:
        return ""
    at_least = quantize(amount, currency)
    shown = amount if at_least != amount else at_least
    return f"{shown:,f} {currency}"


def number(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize() if value == value.to_integral() else value
        return f"{value:f}"
    return str(value)


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    return value.isoformat()


def last_day(end: date | None) -> str:
    """An exclusive end shown as the last day it covers (as the API's serviceEndDate)."""
    return "" if end is None else (end - timedelta(days=1)).isoformat()


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("zorders.console", "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, price=price, number=number, day=day, last_day=last_day)
    return env


def render(env: Environment, template: str, values: dict[str, Any]) -> str:
    return env.get_template(template).render(**values)
