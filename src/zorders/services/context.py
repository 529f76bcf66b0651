"""The facts a command runs with, captured once per request or job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from zorders.domain.versions import ApiVersion, parse_version

if TYPE_CHECKING:
    from zorders.services.tenants import TenantSettings

DEFAULT_VERSION = parse_version(None)


@dataclass(frozen=True)
class CommandContext:
    tenant_id: str
    now: datetime
    request_id: str
    version: ApiVersion = DEFAULT_VERSION
    idempotency_key: str | None = None
    # The tenant's IANA time zone (None = UTC): `today` is `now`'s date there (T2).
    time_zone: str | None = None
    # The tenant's settings when they came with the request's token (decision PF21);
    # None: `tenants.settings_for` reads them in the command's transaction.
    settings: TenantSettings | None = None
    # The job this command runs as (None: a request). Work it enqueues to run as soon as
    # possible is due at this job's tenant time, not before (W4, KT4).
    job_id: str | None = None

    @property
    def today(self) -> date:
        # Billing dates are calendar dates in the tenant's time zone (decisions.md #13, T2).
        if self.time_zone is None:
            return self.now.astimezone(ZoneInfo("UTC")).date()
        return self.now.astimezone(ZoneInfo(self.time_zone)).date()
