"""The integrator's kit: a zorders server for a test session, a disposable tenant per test
and its movable clock (docs/testing-your-integration.md). The pytest plugin
(`zorders.testing.plugin`) wires these into fixtures; the classes work without pytest too:

    with start() as server:
        tenant = create_tenant(server, TenantOptions(now="2025-01-01T00:00:00Z"))
        tenant.clock.advance(months=1)
        tenant.delete()

The kit talks to the server over HTTP only, as your code does.
"""

from zorders.testing.http import ZordersError
from zorders.testing.server import ZordersServer, connect, start
from zorders.testing.tenant import (
    ClockMove,
    RanJob,
    TenantClock,
    TenantOptions,
    ZuoraTenant,
    create_tenant,
)

__all__ = [
    "ClockMove",
    "RanJob",
    "TenantClock",
    "TenantOptions",
    "ZordersError",
    "ZordersServer",
    "ZuoraTenant",
    "connect",
    "create_tenant",
    "start",
]
