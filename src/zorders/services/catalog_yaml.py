"""Reading catalog files: YAML (or JSON, a subset of YAML) with every number a Decimal.

PyYAML is imported on the first read, not when the service starts (PF64)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import IO, Any


@cache
def _loader() -> Any:
    """A SafeLoader that reads `9.99` as Decimal("9.99"), never as a float: libyaml's
    (CSafeLoader, the same safe constructors and resolvers, about 5 times faster) when
    PyYAML was built with it, else the pure-Python one."""
    import yaml

    class _DecimalLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return text  # .inf / .nan: left as text, refused as "expected a number"

    _DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
    return _DecimalLoader


def _load(source: str | IO[str]) -> Any:
    import yaml

    return yaml.load(source, Loader=_loader())


def read_catalog_file(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return _load(handle)


def read_catalog_text(text: str) -> Any:
    """The same, from text (the `catalog` of POST /zorders/v1/tenants); yaml.YAMLError if
    it is not YAML."""
    return _load(text)
