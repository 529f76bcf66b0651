"""ZOQL text -> the engine's typed query, and the engine's values -> ZOQL's (issue 14).

Refusals are `ZoqlError`s with Zuora's SOAP fault codes, which `POST /v1/action/query`
answers as `{faultcode, faultstring}` (decision ZQ1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from zorders.api.zoql.grammar import Both, Compare, Literal, NullTest, ZoqlSyntaxError, parse
from zorders.api.zoql.objects import OBJECTS, ZField, ZObject
from zorders.services.query.model import (
    Comparator,
    Comparison,
    Condition,
    IsNull,
    Junction,
    Kind,
    Query,
    Value,
)

MALFORMED_QUERY = "fns:MALFORMED_QUERY"
INVALID_FIELD = "fns:INVALID_FIELD"
INVALID_TYPE = "fns:INVALID_TYPE"
INVALID_VALUE = "fns:INVALID_VALUE"
INVALID_QUERY_LOCATOR = "fns:INVALID_QUERY_LOCATOR"


class ZoqlError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Compiled:
    query: Query
    fields: tuple[ZField, ...]
    zobject: ZObject


def compile_zoql(text: str, *, time_zone: str | None) -> Compiled:
    try:
        select = parse(text)
    except ZoqlSyntaxError as error:
        raise ZoqlError(MALFORMED_QUERY, "You have an error in your ZOQL syntax") from error
    zobject = OBJECTS.get(select.object_name.lower())
    if zobject is None:
        raise ZoqlError(INVALID_TYPE, f"invalid type for query: {select.object_name}")
    fields = tuple(_field(zobject, name) for name in select.fields)
    zone = ZoneInfo(time_zone or "UTC")
    where = None if select.where is None else _condition(zobject, select.where, zone)
    query = Query(zobject.source, tuple(f.attr for f in fields), where)
    return Compiled(query, fields, zobject)


def _field(zobject: ZObject, name: str) -> ZField:
    found = zobject.field(name)
    if found is None:
        raise ZoqlError(INVALID_FIELD, f"invalid field for query: {zobject.name}.{name}")
    return found


def _condition(zobject: ZObject, node: Compare | NullTest | Both, zone: ZoneInfo) -> Condition:
    if isinstance(node, Both):
        return Junction(node.conjunction, tuple(_condition(zobject, p, zone) for p in node.parts))
    zfield = _field(zobject, node.field)
    if isinstance(node, NullTest):
        return IsNull(zfield.attr, negated=node.negated)
    comparator = Comparator(node.comparator)
    if comparator is Comparator.LIKE:
        if not node.literal.quoted or node.literal.raw is None or zfield.kind is not Kind.TEXT:
            raise ZoqlError(INVALID_VALUE, f"like needs a text field and a string: {zfield.name}")
        return Comparison(zfield.attr, comparator, like_pattern(node.literal.raw))
    return Comparison(zfield.attr, comparator, _value(zfield, node.literal, zone))


def like_pattern(body: str) -> str:
    """ZOQL's `%` is the one wildcard; `\\%` a percent sign; `_` is itself (decision ZQ4).
    Written for SQL LIKE with `\\` as the escape."""
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append("\\" + nxt if nxt in "%_\\" else nxt)
            i += 2
            continue
        out.append("\\_" if char == "_" else char)
        i += 1
    return "".join(out)


def _value(zfield: ZField, literal: Literal, zone: ZoneInfo) -> Value:
    raw = literal.value
    if raw is None:
        return None
    kind = zfield.kind
    bad = ZoqlError(INVALID_VALUE, f"invalid value for {zfield.name}: {raw}")
    try:
        if kind is Kind.TEXT:
            if isinstance(raw, bool) or literal.bare_date:
                raise bad
            return zfield.from_wire(str(raw))
        if kind is Kind.BOOLEAN:
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.lower() in ("true", "false"):
                return raw.lower() == "true"
            raise bad
        if isinstance(raw, bool):
            raise bad
        if kind is Kind.INTEGER:
            number = Decimal(str(raw))
            if number != number.to_integral_value():
                raise bad
            return int(number)
        if kind is Kind.DECIMAL:
            return Decimal(str(raw))
        if isinstance(raw, Decimal):
            raise bad
        if kind is Kind.DATE:
            return date.fromisoformat(raw[:10])
        return _datetime(raw, zone)
    except (ValueError, ArithmeticError) as error:
        raise bad from error


def _datetime(text: str, zone: ZoneInfo) -> datetime:
    """A datetime without an offset (or a date alone) is the tenant's local time (ZQ2)."""
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def wire_value(zfield: ZField, value: Value, zone: ZoneInfo) -> Any:
    """A stored value as ZOQL answers it: dates `YYYY-MM-DD`, datetimes in the tenant's
    zone with milliseconds and offset (`2024-01-01T00:00:00.000-08:00`), numbers as JSON
    numbers, enumerations in ZOQL's spelling."""
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        text = local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
        offset = local.strftime("%z")
        return f"{text}{offset[:3]}:{offset[3:]}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return zfield.to_wire(value)
    return value


def wire_record(compiled: Compiled, row: dict[str, Value], zone: ZoneInfo) -> dict[str, Any]:
    """One record: Zuora leaves out fields whose value is null."""
    record: dict[str, Any] = {}
    for zfield in compiled.fields:
        value = row[zfield.attr]
        if value is not None:
            record[zfield.name] = wire_value(zfield, value, zone)
    return record
