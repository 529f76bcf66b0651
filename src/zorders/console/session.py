"""The console's session (decisions CO1, CO2): a signed cookie, HttpOnly and SameSite=Lax,
holding the CSRF token and, once signed in, the tenant and what opened the session. Every
request that changes something carries the CSRF token (a form field or the X-CSRF-Token
header htmx sends); without it the request is refused and changes nothing."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from zorders.services.console_auth import ConsoleSignIn

COOKIE = "zorders_console"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
# A form body larger than this is refused (the console's forms are a few fields).
MAX_FORM_BYTES = 16 * 1024


@dataclass(frozen=True)
class Session:
    csrf: str
    sign_in: ConsoleSignIn | None = None
    # True when the cookie must be (re)written on the response.
    fresh: bool = False


class Sessions:
    """Reads and writes the cookie; the key is the service's (CO3)."""

    def __init__(self, key: str, max_age: int) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt="zorders-console-session")
        self._max_age = max_age

    def read(self, request: Request) -> Session:
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data: Any = self._serializer.loads(raw, max_age=self._max_age)
            except BadSignature:
                data = None
            if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                signed = data.get("in")
                sign_in = None
                if isinstance(signed, list) and len(signed) == 3:
                    sign_in = ConsoleSignIn(*(str(v) for v in signed))
                return Session(data["csrf"], sign_in)
        return anonymous()

    def write(self, request: Request, response: Response, session: Session) -> None:
        data: dict[str, Any] = {"csrf": session.csrf}
        if session.sign_in is not None:
            s = session.sign_in
            data["in"] = [s.tenant_id, s.signed_in_as, s.fingerprint]
        response.set_cookie(
            COOKIE,
            self._serializer.dumps(data),
            max_age=self._max_age,
            path=request.scope.get("root_path") or "/console",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


def anonymous() -> Session:
    return Session(secrets.token_urlsafe(32), None, fresh=True)


def signed_in(sign_in: ConsoleSignIn) -> Session:
    """A new CSRF token with every sign-in: nothing from before carries over."""
    return Session(secrets.token_urlsafe(32), sign_in, fresh=True)


class FormTooLarge(Exception):
    pass


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form's fields (the last value of each)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        return {}
    return {k: v[-1] for k, v in fields.items()}


def csrf_ok(request: Request, session: Session, form: dict[str, str]) -> bool:
    given = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    return hmac.compare_digest(given.encode(), session.csrf.encode())
