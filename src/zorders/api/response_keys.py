"""Every documented key, null when empty (issue 13): the keys of the official client's
response models (`response_keys.json`, written by `tools/response_keys.py` from zuora-sdk)
complete a view's answer. A key the view sets keeps its value; a key it has no value for
is answered as null, as Zuora does, so strict client schemas find every field.

Keys that the request's `Zuora-Version` leaves out or renames (`version_gates.GATES`) are
left out or renamed. `requestId`, `processId` and `reasons` stay null in a success answer:
the request's id is in the `Zuora-Request-Id` header, and error answers carry all three
(decision RS1)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from zorders.api.version_gates import absent_keys, current_version, renamed_keys
from zorders.domain.versions import ApiVersion


@cache
def _table() -> dict[str, dict[str, str | None]]:
    text = resources.files("zorders.api").joinpath("response_keys.json").read_text()
    loaded: dict[str, dict[str, str | None]] = json.loads(text)
    return loaded


def keys_of(model: str) -> dict[str, str | None]:
    """The keys of `model` and the model each nested key holds (None: a plain value)."""
    return _table()[model]


def complete(body: Any, model: str, version: ApiVersion | None = None) -> Any:
    """`body` with every key of `model` (recursively through nested objects and lists of
    objects), in the shape of `version` (the request's by default); keys outside the model
    are left as they are."""
    return _complete(body, model, version or current_version())


def _complete(body: Any, model: str, version: ApiVersion) -> Any:
    if isinstance(body, list):
        return [_complete(item, model, version) for item in body]
    if not isinstance(body, dict):
        return body
    out = dict(body)
    for key, older in renamed_keys(model, version).items():
        if key in out:
            out[older] = out.pop(key)
    absent = absent_keys(model, version)
    for key, nested in keys_of(model).items():
        if key in absent:
            out.pop(key, None)
        elif key not in out:
            out[key] = None
        elif nested is not None and isinstance(out[key], dict | list):
            out[key] = _complete(out[key], nested, version)
    return out
