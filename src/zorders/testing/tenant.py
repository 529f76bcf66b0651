"""A disposable tenant on a zorders server, and its clock: what `zuora_tenant` yields.

Made with `POST /zorders/v1/tenants` (a start time, a catalog, settings), removed with
`DELETE /zorders/v1/tenants/{id}`; the clock is `/zorders/v1/clock` of the tenant's own
token, so a move of one tenant's clock never touches another's."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from zorders.testing.http import call
from zorders.testing.server import ZordersServer

Proration = Literal["actual", "thirty"]
BusinessErrors = Literal["http-4xx", "http-200"]
ZuoraLimits = Literal["off", "production", "developer-sandbox", "api-sandbox"]

# A token is asked for again this long before the server says it expires.
_TOKEN_MARGIN_S = 60.0


@dataclass(frozen=True)
class TenantOptions:
    """How a tenant is made. `catalog`: a YAML catalog file or a Zuora
    `GET /v1/catalog/products` export (a `.json` file, or the export itself as a dict or a
    list of pages); `now`: the clock's start (an aware datetime, a date meaning midnight in
    the tenant's zone, or ISO text); the rest are the tenant's settings."""

    catalog: Path | dict[str, Any] | list[Any] | None = None
    now: datetime | date | str | None = None
    time_zone: str | None = None
    proration: Proration | None = None
    require_service_activation: bool | None = None
    require_customer_acceptance: bool | None = None
    business_errors: BusinessErrors | None = None
    zuora_limits: ZuoraLimits | None = None
    name: str | None = None

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"name": self.name or f"test-{uuid.uuid4().hex[:12]}"}
        if self.now is not None:
            body["now"] = instant_text(self.now, "now")
        if self.time_zone is not None:
            body["timeZone"] = self.time_zone
        if isinstance(self.catalog, Path):
            body["catalog"] = self.catalog.read_text(encoding="utf-8")
        elif self.catalog is not None:
            body["catalog"] = self.catalog
        settings = {
            "proration": self.proration,
            "requireServiceActivation": self.require_service_activation,
            "requireCustomerAcceptance": self.require_customer_acceptance,
            "businessErrors": self.business_errors,
            "zuoraLimits": self.zuora_limits,
        }
        chosen = {k: v for k, v in settings.items() if v is not None}
        if chosen:
            body["settings"] = chosen
        return body


def instant_text(value: datetime | date | str, name: str) -> str:
    """An instant as the clock endpoints take it: ISO-8601 with its offset, or a bare date
    (midnight in the tenant's zone)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{name}: a datetime needs a time zone (or pass a date)")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class RanJob:
    """One piece of due work a clock move ran: its kind (`bill_run`, `term_end`,
    `scheduled_order`, ...), how it ended (`done` or `failed`), the tenant time it ran at
    and its result."""

    job_id: str
    kind: str
    state: str
    ran_at: datetime
    attempts: int
    result: Any
    error: Any


@dataclass(frozen=True)
class ClockMove:
    """The clock after a move and what ran on the way, in the order it ran. `totals` sums
    what the jobs did (`invoices`, `billRuns`, `subscriptionsRenewed`, `ordersExecuted`,
    `payments`, ...); `summary` counts jobs by kind and state."""

    before: datetime
    now: datetime
    today: date
    ran: tuple[RanJob, ...]
    totals: dict[str, int]
    summary: dict[str, dict[str, int]]
    raw: dict[str, Any] = field(repr=False)

    def total(self, name: str) -> int:
        return self.totals.get(name, 0)

    def failed(self) -> tuple[RanJob, ...]:
        """The jobs that did not end `done` (a failed job keeps its error)."""
        return tuple(job for job in self.ran if job.state != "done")


class TenantClock:
    """The tenant's own clock. It stands still between moves (the same `now` in every
    request) and only moves forward; a move answers once everything that fell due on the
    way has run, in time order."""

    def __init__(self, tenant: ZuoraTenant) -> None:
        self._tenant = tenant

    def reading(self) -> dict[str, Any]:
        body: dict[str, Any] = self._tenant.request("GET", "/zorders/v1/clock")
        return body

    @property
    def now(self) -> datetime:
        return _instant(self.reading()["now"])

    @property
    def today(self) -> date:
        """The tenant's business date: its clock in its time zone."""
        return date.fromisoformat(self.reading()["today"])

    def set(self, now: datetime | str) -> ClockMove:
        """Set the clock forward to the instant `now` (aware), running what falls due on
        the way. For a date, `advance(until=day)`."""
        body = {"now": instant_text(now, "now")}
        return _move(self._tenant.request("PUT", "/zorders/v1/clock", json=body))

    def advance(
        self,
        *,
        days: int | None = None,
        months: int | None = None,
        until: datetime | date | str | None = None,
    ) -> ClockMove:
        """Move the clock forward by `days` and/or `months`, or to `until` (a date means
        midnight in the tenant's zone), running what falls due on the way."""
        body: dict[str, Any] = {}
        if days is not None:
            body["days"] = days
        if months is not None:
            body["months"] = months
        if until is not None:
            body["until"] = instant_text(until, "until")
        return _move(self._tenant.request("POST", "/zorders/v1/clock/advance", json=body))


@dataclass
class ZuoraTenant:
    """A tenant of its own: point your Zuora client at `base_url` with `client_id` and
    `client_secret` (OAuth client credentials, as against Zuora). `entity_id` is the value
    for the Zuora-Entity-Ids header; `request()` calls the API with the tenant's token."""

    server: ZordersServer = field(repr=False)
    tenant_id: str
    name: str
    client_id: str
    client_secret: str = field(repr=False)
    entity_id: str
    time_zone: str
    _token: tuple[str, float] | None = field(default=None, repr=False)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def clock(self) -> TenantClock:
        return TenantClock(self)

    @property
    def console_url(self) -> str:
        """The operator console, where these credentials sign in."""
        return f"{self.base_url}/console"

    def token(self) -> str:
        """A bearer token of the tenant (POST /oauth/token), kept until it nears expiry."""
        if self._token is not None and time.monotonic() < self._token[1]:
            return self._token[0]
        answer = call(
            "POST",
            f"{self.base_url}/oauth/token",
            form={
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "grant_type": "client_credentials",
            },
        )
        expires = float(answer.get("expires_in", 3600))
        self._token = (answer["access_token"], time.monotonic() + expires - _TOKEN_MARGIN_S)
        return self._token[0]

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """`method path` on the tenant's behalf; the answer's JSON (amounts as Decimal).
        An error status raises ZordersError with the status and Zuora's error body."""
        return call(
            method,
            f"{self.base_url}{path}",
            json_body=json,
            headers={**self.headers(), **(headers or {})},
        )

    def delete(self) -> None:
        """Remove the tenant and every row it has."""
        call(
            "DELETE",
            f"{self.base_url}/zorders/v1/tenants/{self.tenant_id}",
        )


def create_tenant(server: ZordersServer, options: TenantOptions | None = None) -> ZuoraTenant:
    """A new tenant on `server` (POST /zorders/v1/tenants)."""
    body = (options or TenantOptions()).body()
    made = call("POST", f"{server.base_url}/zorders/v1/tenants", json_body=body)
    return ZuoraTenant(
        server=server,
        tenant_id=made["tenantId"],
        name=made["name"],
        client_id=made["clientId"],
        client_secret=made["clientSecret"],
        entity_id=made["entityId"],
        time_zone=made["timeZone"],
    )


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _move(body: dict[str, Any]) -> ClockMove:
    return ClockMove(
        before=_instant(body["previousNow"]),
        now=_instant(body["now"]),
        today=date.fromisoformat(body["today"]),
        ran=tuple(
            RanJob(
                job_id=job["jobId"],
                kind=job["kind"],
                state=job["state"],
                ran_at=_instant(job["ranAt"]),
                attempts=int(job["attempts"]),
                result=job["result"],
                error=job["error"],
            )
            for job in body["ran"]
        ),
        totals={k: int(v) for k, v in body["totals"].items()},
        summary={k: {s: int(n) for s, n in v.items()} for k, v in body["summary"].items()},
        raw=body,
    )


__all__ = [
    "ClockMove",
    "RanJob",
    "TenantClock",
    "TenantOptions",
    "ZuoraTenant",
    "create_tenant",
]
