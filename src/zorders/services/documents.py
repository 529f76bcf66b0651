"""Subscription versions, orders, commands and job results as JSON documents, losslessly.

A document is the dataclass value field by field (snake_case keys), each field encoded by
its declared type: dates and datetimes as ISO text, Decimals as `str(decimal)` (every digit
and the scale kept: "1.10" stays "1.10"), enums by value, tuples as lists, nested
dataclasses as objects, None as null. Fields typed `Any` (custom fields, an order's request
and results) hold JSON values plus Decimals, dates and datetimes, which are tagged:
{"$decimal": "12.50"}, {"$date": "2024-01-31"}, {"$datetime": "...+00:00"}; an object that
would read as a tag is wrapped as {"$object": {...}}. Tuples inside `Any` values come back
as lists.

Reading ignores keys the value no longer has and leaves fields the document lacks at their
defaults, so adding a defaulted field to a value needs no data migration.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from zorders.domain.orders.model import Order, OrderSubscription
from zorders.domain.subscription.model import Subscription
from zorders.services.orders.commands import CreateOrder

T = TypeVar("T")

_DECIMAL = "$decimal"
_DATE = "$date"
_DATETIME = "$datetime"
_OBJECT = "$object"
_TYPE = "$type"  # which member of a union of dataclasses a stored object is
_TAGS = frozenset({_DECIMAL, _DATE, _DATETIME, _OBJECT})


def subscription_to_document(subscription: Subscription) -> dict[str, Any]:
    return _encode_dataclass(subscription)


def subscription_from_document(document: dict[str, Any]) -> Subscription:
    return _decode_dataclass(Subscription, document)


def order_to_document(order: Order) -> dict[str, Any]:
    """The order, with a Draft's command (a services value the domain holds opaquely)
    under `command`."""
    command = order.command
    document = _encode_dataclass(dataclasses.replace(order, command=None))
    if command is not None:
        if not isinstance(command, CreateOrder):
            raise TypeError(f"cannot store an order command of type {type(command).__name__}")
        document["command"] = _encode_dataclass(command)
    return document


def order_from_document(document: dict[str, Any]) -> Order:
    stored = dict(document)
    command = stored.pop("command", None)
    order = _decode_dataclass(Order, stored)
    items = tuple(_snake_results(s) for s in order.subscriptions)
    return dataclasses.replace(
        order,
        subscriptions=items,
        command=_decode_dataclass(CreateOrder, command) if command is not None else None,
    )


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake_results(item: OrderSubscription) -> OrderSubscription:
    """Results stored before issue 9 had camelCase keys (`ratePlanId`); now snake_case."""
    if not any(_CAMEL.search(k) for a in item.actions for k in a.result):
        return item
    actions = tuple(
        dataclasses.replace(
            a, result={_CAMEL.sub(r"_\1", k).lower(): v for k, v in a.result.items()}
        )
        for a in item.actions
    )
    return dataclasses.replace(item, actions=actions)


# -- typed fields ----------------------------------------------------------------------


_FIELD_TYPES: dict[type, tuple[tuple[str, Any], ...]] = {}


def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, resolved type) of each init field of the dataclass `cls`."""
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init)
        _FIELD_TYPES[cls] = found
    return found


def _encode_dataclass(value: Any) -> dict[str, Any]:
    return {name: encode(getattr(value, name)) for name, encode in _field_coders(type(value))[0]}


def _decode_dataclass(cls: type[T], document: dict[str, Any]) -> T:
    if not isinstance(document, dict):
        raise ValueError(f"{cls.__name__}: expected an object, got {type(document).__name__}")
    kwargs = {
        name: decode(document[name]) for name, decode in _field_coders(cls)[1] if name in document
    }
    return cls(**kwargs)


# The encoder and decoder of each field, built once per class from its declared types:
# the rules below are walked once per type, not once per value (decision PF26).
_Coder = typing.Callable[[Any], Any]
_CODERS: dict[type, tuple[tuple[tuple[str, _Coder], ...], tuple[tuple[str, _Coder], ...]]] = {}
_ENCODERS: dict[Any, _Coder] = {}
_DECODERS: dict[Any, _Coder] = {}


def _field_coders(
    cls: type,
) -> tuple[tuple[tuple[str, _Coder], ...], tuple[tuple[str, _Coder], ...]]:
    found = _CODERS.get(cls)
    if found is None:
        fields = _field_types(cls)
        found = (
            tuple((name, _encoder(hint)) for name, hint in fields),
            tuple((name, _decoder(hint)) for name, hint in fields),
        )
        _CODERS[cls] = found
    return found


@functools.cache
def _members(hint: Any) -> tuple[Any, ...]:
    """The members of a union other than None; () when `hint` is not a union."""
    if typing.get_origin(hint) not in (typing.Union, types.UnionType):
        return ()
    return tuple(m for m in typing.get_args(hint) if m is not type(None))


@functools.cache
def _optional(hint: Any) -> Any | None:
    """The X of `X | None`, or the union without None; None when `hint` is not a union."""
    members = _members(hint)
    if not members:
        return None
    if len(members) == 1:
        return members[0]
    if not all(dataclasses.is_dataclass(m) for m in members):
        raise TypeError(f"unsupported union {hint!r}")
    return typing.Union[tuple(members)]  # noqa: UP007


@functools.cache
def _is_dataclass_union(hint: Any) -> bool:
    members = _members(hint)
    return len(members) > 1 and type(None) not in typing.get_args(hint)


def _encoder(hint: Any) -> _Coder:
    return _remembered(_ENCODERS, hint, "encode", _build_encoder)


def _decoder(hint: Any) -> _Coder:
    return _remembered(_DECODERS, hint, "decode", _build_decoder)


def _remembered(
    made: dict[Any, _Coder], hint: Any, verb: str, build: typing.Callable[[Any], _Coder]
) -> _Coder:
    """The coder of `hint` from `made`, built and kept there the first time."""
    found = made.get(hint)
    if found is None:
        try:
            found = build(hint)
        except TypeError:  # e.g. a tuple of another shape: fails on a value, as before
            found = _unsupported(verb, hint)
        made[hint] = found
    return found


def _none_or(coder: _Coder) -> _Coder:
    return lambda value: None if value is None else coder(value)


def _unsupported(verb: str, hint: Any) -> _Coder:
    """A field of a type with no rule fails when a value of it is met, as before."""

    def fail(value: Any) -> Any:
        raise TypeError(f"cannot {verb} a field typed {hint!r}")

    return _none_or(fail)


def _build_encoder(hint: Any) -> _Coder:
    if _is_dataclass_union(hint):
        return _none_or(lambda value: {_TYPE: type(value).__name__, **_encode_dataclass(value)})
    inner = _optional(hint)
    if inner is not None:
        return _none_or(lambda value: _encoder(inner)(value))
    if hint is Any:
        return _none_or(_encode_any)
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = _tuple_item(hint)
        return _none_or(lambda value: [_encoder(item)(v) for v in value])
    if origin is dict:
        _, item = typing.get_args(hint)
        return _none_or(lambda value: {str(k): _encoder(item)(v) for k, v in value.items()})
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            enum = hint
            return _none_or(lambda value: enum(value).value)
        if hint is Decimal:
            return _none_or(str)
        if hint is datetime or hint is date:
            return _none_or(lambda value: value.isoformat())
        if hint in (str, int, bool):
            return lambda value: value
        if dataclasses.is_dataclass(hint):
            return _none_or(_encode_dataclass)
    return _unsupported("encode", hint)


def _build_decoder(hint: Any) -> _Coder:
    if _is_dataclass_union(hint):
        members = _members(hint)

        def union(stored: Any) -> Any:
            wanted = stored[_TYPE]
            member = next(m for m in members if m.__name__ == wanted)
            return _decode_dataclass(member, {k: v for k, v in stored.items() if k != _TYPE})

        return _none_or(union)
    inner = _optional(hint)
    if inner is not None:
        return _none_or(lambda stored: _decoder(inner)(stored))
    if hint is Any:
        return _none_or(_decode_any)
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = _tuple_item(hint)
        return _none_or(lambda stored: tuple(_decoder(item)(v) for v in stored))
    if origin is dict:
        _, item = typing.get_args(hint)
        return _none_or(lambda stored: {k: _decoder(item)(v) for k, v in stored.items()})
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return _none_or(hint)
        if hint is Decimal:
            return _none_or(Decimal)
        if hint is datetime:
            return _none_or(datetime.fromisoformat)
        if hint is date:
            return _none_or(date.fromisoformat)
        if hint in (str, int, bool):
            return _none_or(lambda stored: stored)
        if dataclasses.is_dataclass(hint):
            cls = hint
            return _none_or(lambda stored: _decode_dataclass(cls, stored))
    return _unsupported("decode", hint)


def _tuple_item(hint: Any) -> Any:
    args = typing.get_args(hint)
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"only tuple[X, ...] is supported, not {hint!r}")
    return args[0]


# -- untyped (`Any`) values ------------------------------------------------------------


def _encode_any(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return {_DECIMAL: str(value)}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, Enum):
        return _encode_any(value.value)
    if isinstance(value, list | tuple):
        return [_encode_any(v) for v in value]
    if isinstance(value, dict):
        encoded = {str(k): _encode_any(v) for k, v in value.items()}
        if len(encoded) == 1 and next(iter(encoded)) in _TAGS:
            return {_OBJECT: encoded}
        return encoded
    raise TypeError(f"cannot store a {type(value).__name__} in a JSON document")


def _decode_any(stored: Any) -> Any:
    if isinstance(stored, list):
        return [_decode_any(v) for v in stored]
    if not isinstance(stored, dict):
        return stored
    if len(stored) == 1:
        ((tag, inner),) = stored.items()
        if tag == _DECIMAL:
            return Decimal(inner)
        if tag == _DATE:
            return date.fromisoformat(inner)
        if tag == _DATETIME:
            return datetime.fromisoformat(inner)
        if tag == _OBJECT:
            return {k: _decode_any(v) for k, v in inner.items()}
    return {k: _decode_any(v) for k, v in stored.items()}


def to_document(value: Any) -> dict[str, Any]:
    """Any frozen dataclass of the domain, by the same rules."""
    return _encode_dataclass(value)


def from_document(cls: type[T], document: dict[str, Any]) -> T:
    return _decode_dataclass(cls, document)
