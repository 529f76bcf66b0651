"""The facts a command runs with, captured once per request or job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from zorders.domain.versions import ApiVersion, parse_version

DEFAULT_VERSION = parse_version(None)


@dataclass(frozen=True)
class CommandContext:
    tenant_id: str
    now: datetime
    request_id: str
    version: ApiVersion = DEFAULT_VERSION
    idempotency_key: str | None = None

    @property
    def today(self) -> date:
        # Billing dates are calendar dates in the tenant's time zone (decisions.md #13);
        # tenants are UTC until tenant time zones arrive.
        return self.now.date()
