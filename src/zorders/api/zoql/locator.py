"""queryMore's locator (decision ZQ3): stateless, the query text, the tenant, the batch
size and the key of the last row answered, base64url-encoded JSON. Nothing is stored;
the tenant in it must be the caller's, and the query runs again in the caller's scope,
so an altered locator reads nothing the caller could not query anyway."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from zorders.api.zoql.compile import INVALID_QUERY_LOCATOR, ZoqlError


@dataclass(frozen=True)
class Locator:
    tenant_id: str
    query: str
    after: str
    batch_size: int


def encode(locator: Locator) -> str:
    data = {"t": locator.tenant_id, "q": locator.query, "a": locator.after, "b": locator.batch_size}
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: object, tenant_id: str) -> Locator:
    invalid = ZoqlError(INVALID_QUERY_LOCATOR, f"invalid query locator: {text}")
    if not isinstance(text, str) or not text:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
        locator = Locator(str(data["t"]), str(data["q"]), str(data["a"]), int(data["b"]))
    except (ValueError, KeyError, TypeError) as error:
        raise invalid from error
    if locator.tenant_id != tenant_id:
        raise invalid
    return locator
