"""The token endpoint's throttle (decision AU1).

Failed token requests are counted per client id and per source address over a sliding
window of `WINDOW`; once a key has `limit` failures in it, every token request for that
key is refused (HTTP 429, `Retry-After`) until its oldest failure leaves the window, even
with the right secret: guessing a secret costs a window per `limit` guesses. Successful
requests are not counted (an integrator's suite asks for a token per test). The counts
live in the database, so every API process shares them.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from zorders.domain.errors import ErrorCode, Throttled
from zorders.services.ports import UnitOfWork

WINDOW = timedelta(seconds=60)
FAILURES_PER_CLIENT = 10
FAILURES_PER_ADDRESS = 30
# Keys are cut to this length: a client id or address longer than any real one counts too.
_KEY_LENGTH = 200


def _keys(client_id: str, address: str | None) -> dict[str, int]:
    keys = {f"client:{client_id[:_KEY_LENGTH]}": FAILURES_PER_CLIENT}
    if address:
        keys[f"address:{address[:_KEY_LENGTH]}"] = FAILURES_PER_ADDRESS
    return keys


def check(uow: UnitOfWork, client_id: str, address: str | None, now: datetime) -> None:
    """Refuse the request when its client id or its address is over the limit."""
    keys = _keys(client_id, address)
    recent = uow.auth_failures.recent(list(keys), now - WINDOW)
    waits = [
        (oldest + WINDOW - now).total_seconds()
        for key, (count, oldest) in recent.items()
        if count >= keys[key]
    ]
    if waits:
        seconds = max(1, math.ceil(max(waits)))
        raise Throttled(
            ErrorCode.TOO_MANY_FAILED_TOKEN_REQUESTS,
            f"Too many failed token requests; retry after {seconds} seconds.",
            seconds,
        )


def record_failure(uow: UnitOfWork, client_id: str, address: str | None, now: datetime) -> None:
    """Count a failed request against its client id and its address (in the caller's
    transaction), and forget failures older than the window."""
    uow.auth_failures.delete_before(now - WINDOW)
    uow.auth_failures.add(list(_keys(client_id, address)), now)
