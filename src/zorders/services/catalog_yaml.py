"""Reading catalog files: YAML (or JSON, a subset of YAML) with every number a Decimal."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader that reads `9.99` as Decimal("9.99"), never as a float."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text  # .inf / .nan: left as text, refused as "expected a number"


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def read_catalog_file(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_DecimalLoader)


def read_catalog_text(text: str) -> Any:
    """The same, from text (the `catalog` of POST /zorders/v1/tenants); yaml.YAMLError if
    it is not YAML."""
    return yaml.load(text, Loader=_DecimalLoader)
