"""Keeping a long job's lease (W11): while a staged handler runs (a bill run over many
accounts commits its own steps for minutes), a thread renews the job's lease every third
of it, so no other worker takes the job as abandoned while this one is alive. A worker
that dies stops renewing, and the lease lapses as before (W3)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from types import TracebackType

from zorders.services.clock import Clock
from zorders.services.ports import JobRecord, UnitOfWorkFactory

log = logging.getLogger(__name__)

# The renewal never comes more often than this, whatever the lease (seconds).
_MIN_INTERVAL = 0.05


class LeaseKeeper:
    """`with LeaseKeeper(...):` renews the claim of `job` until the block ends or the
    claim is found lost."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        wall_clock: Clock,
        job: JobRecord,
        lease_seconds: float,
    ) -> None:
        self._uow_factory = uow_factory
        self._wall_clock = wall_clock
        self._job = job
        self._lease_seconds = lease_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{job.id}", daemon=True)
        self.renewals = 0
        self.lost = False

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        interval = max(self._lease_seconds / 3, _MIN_INTERVAL)
        lease = timedelta(seconds=self._lease_seconds)
        while not self._stop.wait(interval):
            try:
                with self._uow_factory() as uow:
                    kept = uow.jobs.extend_lease(
                        self._job.id, self._job.attempts, self._wall_clock.now() + lease
                    )
                    uow.commit()
            except Exception:  # a database hiccup: try again at the next beat
                log.warning("could not renew the lease of job %s", self._job.id, exc_info=True)
                continue
            if not kept:
                self.lost = True
                return
            self.renewals += 1
