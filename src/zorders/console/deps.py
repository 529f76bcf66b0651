"""What the console runs with, chosen by the composition root (zorders.bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass

from zorders.services.clock import Clock, TenantClock
from zorders.services.clock_moves import DueWorkRunner
from zorders.services.ports import UnitOfWorkFactory

# A session lasts this long from sign-in (decision CO2).
SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True)
class ConsoleDependencies:
    uow_factory: UnitOfWorkFactory
    wall_clock: Clock
    tenant_clock: TenantClock
    test_mode: bool = False
    admin_token: str | None = None
    run_due: DueWorkRunner | None = None
    session_seconds: int = SESSION_SECONDS
