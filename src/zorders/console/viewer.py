"""Who is looking: the signed-in tenant of a console request and the command context its
reads run with (the tenant's clock and time zone, as the API's requests have them)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from zorders.console.deps import ConsoleDependencies
from zorders.console.session import Session
from zorders.services.clock import TenantClock
from zorders.services.context import CommandContext
from zorders.services.ports import TenantRecord
from zorders.services.tenants import TenantSettings


@dataclass(frozen=True)
class Viewer:
    session: Session
    tenant: TenantRecord
    ctx: CommandContext
    deps: ConsoleDependencies

    @property
    def signed_in_as(self) -> str:
        assert self.session.sign_in is not None
        return self.session.sign_in.signed_in_as


def context_for(tenant: TenantRecord, clock: TenantClock) -> CommandContext:
    return CommandContext(
        tenant_id=tenant.id,
        now=clock.at(tenant.clock_frozen_at),
        request_id=uuid.uuid4().hex,
        time_zone=tenant.time_zone,
        settings=TenantSettings.from_stored(tenant.settings),
    )
