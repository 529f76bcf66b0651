"""Every documented key, null when empty (issue 13): the keys of the official client's
response models (`response_keys.json`, written by `tools/response_keys.py` from zuora-sdk)
complete a view's answer. A key the view sets keeps its value; a key it has no value for
is answered as null, as Zuora does, so strict client schemas find every field."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _table() -> dict[str, dict[str, str | None]]:
    text = resources.files("zorders.api").joinpath("response_keys.json").read_text()
    loaded: dict[str, dict[str, str | None]] = json.loads(text)
    return loaded


def keys_of(model: str) -> dict[str, str | None]:
    """The keys of `model` and the model each nested key holds (None: a plain value)."""
    return _table()[model]


def complete(body: Any, model: str) -> Any:
    """`body` with every key of `model` (recursively through nested objects and lists of
    objects); keys outside the model are left as they are."""
    if isinstance(body, list):
        return [complete(item, model) for item in body]
    if not isinstance(body, dict):
        return body
    out = dict(body)
    for key, nested in keys_of(model).items():
        if key not in out:
            out[key] = None
        elif nested is not None and isinstance(out[key], dict | list):
            out[key] = complete(out[key], nested)
    return out
