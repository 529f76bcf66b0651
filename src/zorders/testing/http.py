"""JSON over HTTP with the standard library (and simplejson, for exact amounts): what the
kit needs to talk to a zorders server, with nothing a team's environment might lack."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import simplejson


class ZordersError(Exception):
    """A zorders server answered an error status, or could not be reached."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def call(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> Any:
    """One request; the answer's JSON (amounts as Decimal). A status of 400 or more raises
    ZordersError carrying the status and the parsed body."""
    data: bytes | None = None
    sent = {"Accept": "application/json", **(headers or {})}
    if json_body is not None:
        data = simplejson.dumps(json_body, use_decimal=True, default=_encode).encode()
        sent["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _parse(response.read())
    except urllib.error.HTTPError as error:
        body = _parse(error.read())
        raise ZordersError(
            f"{method} {url} answered {error.code}: {body!r}", error.code, body
        ) from None
    except urllib.error.URLError as error:
        raise ZordersError(f"{method} {url}: {error.reason}") from None


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return simplejson.loads(raw, use_decimal=True)
    except ValueError:
        return raw.decode(errors="replace")


def _encode(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
