"""The bill-run rows: a small and a large tenant seeded in the service's database, each
billed by one ad-hoc bill run created through the API and executed by `zorders worker`
processes (fresh ones per run, so each run's peak memory is its own)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.table.api import Api
from benchmarks.table.seed import SeededTenant, seed_tenant
from benchmarks.table.server import Service, job_workers, peak_rss_kb, rss_kb
from benchmarks.table.settings import BenchSettings
from benchmarks.table.verdict import Measured


@dataclass(frozen=True)
class BillRun:
    accounts: int
    invoices: int
    seconds: float
    # The highest VmHWM among the worker processes, kB, and their highest VmRSS when idle
    # before the run (what the imports and the engine take).
    peak_kb: int
    idle_kb: int

    @property
    def per_invoice_ms(self) -> float:
        return self.seconds * 1000 / self.invoices

    @property
    def rate(self) -> float:
        return self.invoices / self.seconds


def bill(service: Service, tenant: SeededTenant, log_dir: Path, workers: int) -> BillRun:
    """Create the run over the API and wait (polling every 20 ms) until it is Completed."""
    api = Api.login(service.base_url, tenant.client_id, tenant.client_secret)
    try:
        with job_workers(service.database_url, log_dir, workers) as pids:
            idle = max(rss_kb(pid) for pid in pids)
            started = time.perf_counter()
            run = api.call("POST", "/v1/bill-runs", {"targetDate": "2025-01-01", "autoPost": True})
            while True:
                crud = api.call("GET", f"/v1/object/bill-run/{run['id']}")
                if crud["Status"] in ("Completed", "Posted"):
                    break
                if crud["Status"] in ("Error", "Canceled"):
                    raise RuntimeError(f"bill run ended {crud['Status']}: {crud}")
                time.sleep(0.02)
            elapsed = time.perf_counter() - started
            peak = max(peak_rss_kb(pid) for pid in pids)
        if crud["NumberOfInvoices"] != tenant.accounts:
            raise RuntimeError(f"{crud['NumberOfInvoices']} invoices for {tenant.accounts}")
        return BillRun(tenant.accounts, crud["NumberOfInvoices"], elapsed, peak, idle)
    finally:
        api.close()


def bill_rows(
    service: Service, s: BenchSettings, log_dir: Path, *, workers: int, backend: str
) -> dict[str, Measured]:
    small_tenant = seed_tenant(service.database_url, s.bill_small, s.seed_batch)
    large_tenant = seed_tenant(service.database_url, s.bill_large, s.seed_batch)
    small = bill(service, small_tenant, log_dir, workers)
    large = bill(service, large_tenant, log_dir, workers)
    where = f"{backend}, {workers} worker process{'es' if workers > 1 else ''}"
    return {
        "bill_rate": Measured(
            large.rate, f"{large.invoices} invoices in {large.seconds:.1f} s ({where})"
        ),
        "bill_cost_ratio": Measured(
            large.per_invoice_ms / small.per_invoice_ms,
            f"{large.per_invoice_ms:.1f} ms at {large.accounts} accounts"
            f" ÷ {small.per_invoice_ms:.1f} ms at {small.accounts}",
        ),
        "bill_memory_ratio": Measured(
            large.peak_kb / small.peak_kb,
            f"{large.peak_kb / 1024:.0f} MB ÷ {small.peak_kb / 1024:.0f} MB; the run added"
            f" {(large.peak_kb - large.idle_kb) / 1024:.1f} MB ÷"
            f" {(small.peak_kb - small.idle_kb) / 1024:.1f} MB to an idle worker",
        ),
    }
