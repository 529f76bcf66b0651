"""Reading one catalog document's mappings with their paths, for clear errors (shared by
the YAML catalog file, services/catalog_file.py, and the Zuora JSON import,
services/catalog_import.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from zorders.domain.catalog.enums import _DualEnum
from zorders.domain.errors import DomainError, ErrorCode

E = TypeVar("E", bound=_DualEnum)

# Keys of custom fields: Zuora's `*__c`, and the NetSuite connector's `*__NS`.
CUSTOM_SUFFIXES = ("__c", "__NS")


@dataclass
class LoadReport:
    products_created: int = 0
    products_updated: int = 0
    plans_created: int = 0
    plans_updated: int = 0
    charges_created: int = 0
    charges_updated: int = 0
    # Keys of a Zuora export that zorders does not store (JSON import only), with a value.
    ignored: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return (
            f"products: {self.products_created} created, {self.products_updated} updated; "
            f"rate plans: {self.plans_created} created, {self.plans_updated} updated; "
            f"charges: {self.charges_created} created, {self.charges_updated} updated"
        )


def fail(path: str, message: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_CATALOG_FILE, f"{path}: {message}", path)


class Node:
    """One mapping of the document, with its path for error messages."""

    def __init__(self, value: Any, path: str, allowed: Sequence[str] | None) -> None:
        """`allowed` None: any key is read (a Zuora export holds keys zorders does not
        store); else other keys are refused."""
        if not isinstance(value, Mapping):
            raise fail(path, "expected a mapping")
        if allowed is not None:
            unknown = [k for k in value if k not in allowed and not is_custom(k)]
            if unknown:
                raise fail(f"{path}.{unknown[0]}", f"unknown key (allowed: {', '.join(allowed)})")
        self.value = value
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def has(self, key: str) -> bool:
        return self.value.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str | None:
        raw = self.value.get(key)
        if raw is None:
            if required:
                raise fail(self.at(key), "is required")
            return None
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            raise fail(self.at(key), "expected text")
        return str(raw)

    def integer(self, key: str) -> int | None:
        raw = self.value.get(key)
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            raise fail(self.at(key), "expected a whole number")
        if raw != int(raw):
            raise fail(self.at(key), "expected a whole number")
        return int(raw)

    def decimal(self, key: str) -> Decimal | None:
        return decimal_at(self.value.get(key), self.at(key))

    def boolean(self, key: str) -> bool | None:
        raw = self.value.get(key)
        if raw is not None and not isinstance(raw, bool):
            raise fail(self.at(key), "expected true or false")
        return raw

    def day(self, key: str) -> date | None:
        raw = self.value.get(key)
        if raw is None or isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise fail(self.at(key), "expected a date as YYYY-MM-DD") from None

    def enum(self, cls: type[E], key: str, *, required: bool = False) -> E | None:
        raw = self.text(key, required=required)
        if raw is None:
            return None
        for reader in (cls.from_rest, cls.from_crud):
            try:
                return reader(raw)
            except ValueError:
                continue
        known = ", ".join(m.value for m in cls)
        if cls.__name__ == "ChargeModel":  # a Zuora model zorders does not price (RK9)
            raise fail(
                self.at(key),
                f"charge model '{raw}' is not supported by zorders (it prices: {known})",
            )
        raise fail(self.at(key), f"'{raw}' should be one of: {known}")

    def items(self, key: str) -> list[Any]:
        raw = self.value.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise fail(self.at(key), "expected a list")
        return raw

    def custom_fields(self, *, skip_null: bool = False) -> dict[str, Any]:
        """`skip_null`: a null custom field is left out (a Zuora export names every
        custom field of the tenant, null where the object has no value)."""
        given = self.value.get("customFields") or {}
        if not isinstance(given, Mapping):
            raise fail(self.at("customFields"), "expected a mapping")
        custom = {str(k): v for k, v in given.items()}
        custom.update({str(k): v for k, v in self.value.items() if is_custom(k)})
        return {
            k: (str(v) if isinstance(v, Decimal | date) else v)
            for k, v in custom.items()
            if not (skip_null and v is None)
        }


def is_custom(key: object) -> bool:
    return str(key).endswith(CUSTOM_SUFFIXES)


def decimal_at(raw: Any, path: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | str):
        raise fail(path, "expected a number")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise fail(path, "expected a number") from None
    if not value.is_finite():
        raise fail(path, "expected a number")
    return value


@contextmanager
def located(path: str) -> Iterator[None]:
    """A catalog rule broken inside `path` is reported with that path in front."""
    try:
        yield
    except DomainError as err:
        if err.code is ErrorCode.INVALID_CATALOG_FILE:
            raise
        where = f"{path} ({err.field})" if err.field else path
        raise fail(where, err.message) from err
