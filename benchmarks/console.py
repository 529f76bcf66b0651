"""Console pages (issue 17): the server time of each page kind for an account with 100
subscriptions of 10 versions each, against the issue's "≤ 200 ms" target.

In process, through the ASGI app (`Container.app()`, the console mounted at /console),
test mode, on a fresh SQLite file and, when it answers, a fresh PostgreSQL database
(tests.support.databases, dropped after; `ZORDERS_BENCH_CONSOLE_BACKENDS=sqlite` for SQLite
only). The tenant is made with `POST /zorders/v1/tenants` (the demo catalog,
examples/catalog.yaml, clock frozen at 2025-01-01) and its history through the API:

- one account; `ZORDERS_BENCH_CONSOLE_SUBSCRIPTIONS` (100) orders each creating one
  Basic-plan subscription with `runBilling` (one invoice each); the first order creates the
  account;
- each subscription then amended `ZORDERS_BENCH_CONSOLE_VERSIONS` - 1 (9) times, one
  `UpdateProduct` order of its "Basic seats" quantity per amendment, trigger dates a month
  apart (2025-02-01 on): 10 versions each, ~1000 orders on the account;
- an External payment of each invoice (100 payments).

Then one browser-like client signs in (GET/POST /console/sign-in) and every page kind is
requested `ZORDERS_BENCH_CONSOLE_WARMUPS` (2) times untimed and
`ZORDERS_BENCH_CONSOLE_REQUESTS` (20) times timed. "Server time" is measured by an ASGI
wrapper around the app: from the request's arrival to the last byte of the response body
(routing, the session, the page's reads, rendering, the API's outer middleware), without
the TestClient's own overhead; the round trip through the TestClient and the SQL
statements one request runs are shown beside it. Prints a markdown table; nothing is
asserted beyond each page answering 200. `ZORDERS_BENCH_CONSOLE_PROFILE=1` prints a
cProfile of the pages whose p50 misses the target (the top functions by cumulative time).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from tests.support import databases

from benchmarks.console_seed import VERSIONS, World, seed
from zorders.bootstrap import Container, build
from zorders.settings import Settings

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

REQUESTS = int(os.environ.get("ZORDERS_BENCH_CONSOLE_REQUESTS", "20"))
WARMUPS = int(os.environ.get("ZORDERS_BENCH_CONSOLE_WARMUPS", "2"))
BACKENDS = os.environ.get("ZORDERS_BENCH_CONSOLE_BACKENDS", "sqlite,postgresql").split(",")
PROFILE = os.environ.get("ZORDERS_BENCH_CONSOLE_PROFILE", "") == "1"
TARGET_MS = 200.0
HTMX = {"HX-Request": "true"}


# -- timing ---------------------------------------------------------------------------


@dataclass
class Stopwatch:
    """An ASGI wrapper: the wall time of each request from its arrival to the end of its
    response body, and the SQL statements run meanwhile (the engine's cursor events)."""

    app: ASGIApp
    seconds: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    _counting: int = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        before = self._counting
        done = False

        async def timed_send(message: Message) -> None:
            nonlocal done
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                if not done:
                    self.seconds.append(time.perf_counter() - start)
                    self.statements.append(self._counting - before)
                done = True

        await self.app(scope, receive, timed_send)

    def count(self, *_: Any) -> None:
        self._counting += 1


# -- the pages -------------------------------------------------------------------------


def sign_in(browser: TestClient, tenant: dict[str, Any]) -> None:
    form = browser.get("/console/sign-in")
    found = CSRF.search(form.text)
    if form.status_code != 200 or found is None:
        raise RuntimeError(f"no sign-in form: {form.status_code} {form.text[:300]}")
    done = browser.post(
        "/console/sign-in",
        data={
            "csrf_token": found.group(1),
            "client_id": tenant["clientId"],
            "client_secret": tenant["clientSecret"],
        },
        follow_redirects=False,
    )
    if done.status_code != 303:
        raise RuntimeError(f"sign-in refused: {done.status_code} {done.text[:300]}")


def pages(w: World) -> list[tuple[str, str, dict[str, str]]]:
    """(label, path, headers) of each page kind."""
    middle = w.subscriptions[len(w.subscriptions) // 2]
    last_orders_page = (len(w.create_orders) + len(w.amend_orders) + 49) // 50
    mid_version = max(1, VERSIONS // 2)
    return [
        ("accounts list", "/console/accounts", {}),
        ("accounts search by name", "/console/accounts?q=Holdings", {}),
        ("accounts search by subscription number", f"/console/accounts?q={middle}", {}),
        ("account page (orders page 1)", f"/console/accounts/{w.account}", {}),
        (
            f"account page (orders page {last_orders_page})",
            f"/console/accounts/{w.account}?orders_page={last_orders_page}",
            {},
        ),
        ("subscription page (latest version)", f"/console/subscriptions/{middle}", {}),
        (
            f"subscription page (?version={mid_version})",
            f"/console/subscriptions/{middle}?version={mid_version}",
            {},
        ),
        (
            "version fragment (htmx)",
            f"/console/subscriptions/{middle}/versions/{mid_version}",
            HTMX,
        ),
        ("order page (create, billed)", f"/console/orders/{w.create_orders[0]}", {}),
        (
            "order page (amendment)",
            f"/console/orders/{w.amend_orders[len(w.amend_orders) // 2]}",
            {},
        ),
        ("invoice page", f"/console/invoices/{w.invoices[len(w.invoices) // 2]}", {}),
        ("payment page", f"/console/payments/{w.payments[len(w.payments) // 2]}", {}),
        ("catalog", "/console/catalog", {}),
        ("clock (test mode)", "/console/clock", {}),
    ]


@dataclass
class PageRow:
    label: str
    path: str
    p50: float
    high: float
    trip_p50: float
    statements: int
    size: int


def measure(browser: TestClient, watch: Stopwatch, w: World) -> list[PageRow]:
    rows = []
    for label, path, headers in pages(w):
        for _ in range(WARMUPS):
            _page(browser, path, headers)
        watch.seconds.clear()
        watch.statements.clear()
        trips = []
        size = 0
        for _ in range(REQUESTS):
            t0 = time.perf_counter()
            size = len(_page(browser, path, headers))
            trips.append(time.perf_counter() - t0)
        server = [s * 1000 for s in watch.seconds]
        rows.append(
            PageRow(
                label,
                path,
                statistics.median(server),
                max(server),
                statistics.median(trips) * 1000,
                int(statistics.median(watch.statements)),
                size,
            )
        )
    return rows


def _page(browser: TestClient, path: str, headers: dict[str, str]) -> bytes:
    response = browser.get(path, headers=headers, follow_redirects=False)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
    return response.content


def profile(browser: TestClient, path: str, headers: dict[str, str]) -> str:
    """cProfile of REQUESTS requests of one page. The console runs its session check and
    page functions in the thread pool and renders on the event loop's thread, where a
    profiler enabled here would see neither: its `run_in_threadpool` and `render` are
    wrapped for the while to turn the profiler on around them."""
    from zorders.console import app as console_app

    profiler = cProfile.Profile()
    names = vars(console_app)  # the module's globals, which its handlers look up per call
    original_pool = names["run_in_threadpool"]
    original_render = names["render"]

    async def pooled(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            profiler.enable()
            try:
                return func(*args, **kwargs)
            finally:
                profiler.disable()

        return await original_pool(run)

    def rendered(*args: Any, **kwargs: Any) -> str:
        profiler.enable()
        try:
            return str(original_render(*args, **kwargs))
        finally:
            profiler.disable()

    names["run_in_threadpool"] = pooled
    names["render"] = rendered
    try:
        for _ in range(REQUESTS):
            _page(browser, path, headers)
    finally:
        names["run_in_threadpool"] = original_pool
        names["render"] = original_render
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


# -- the run ---------------------------------------------------------------------------


def _backend(name: str, url: str) -> tuple[World, list[PageRow], list[str]]:
    container: Container = build(Settings(database_url=url, test_mode=True))
    container.migrate()
    watch = Stopwatch(container.app())
    event.listen(container.engine, "before_cursor_execute", watch.count)
    profiles: list[str] = []
    try:
        with TestClient(watch) as client, TestClient(watch) as browser:
            print(f"[{name}] seeding through the API ...", flush=True)
            world = seed(client)
            print(
                f"[{name}] seeded in {world.seconds:.1f} s: 1 account, "
                f"{len(world.subscriptions)} subscriptions x {VERSIONS} versions, "
                f"{len(world.create_orders) + len(world.amend_orders)} orders, "
                f"{len(world.invoices)} invoices, {len(world.payments)} payments",
                flush=True,
            )
            sign_in(browser, world.tenant)
            rows = measure(browser, watch, world)
            if PROFILE:
                by_path = {path: headers for _, path, headers in pages(world)}
                for row in rows:
                    if row.p50 > TARGET_MS:
                        profiles.append(
                            f"### {name}: {row.label} ({row.path})\n"
                            + profile(browser, row.path, by_path[row.path])
                        )
    finally:
        container.close()
    return world, rows, profiles


def table(name: str, rows: list[PageRow]) -> str:
    lines = [
        f"| page ({name}) | p50 ms | max ms | round trip p50 ms | SQL statements | "
        "target | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        verdict = "meets" if r.p50 <= TARGET_MS else "misses"
        if r.p50 <= TARGET_MS < r.high:
            verdict = "meets (max over)"
        lines.append(
            f"| {r.label} | {r.p50:.1f} | {r.high:.1f} | {r.trip_p50:.1f} | {r.statements} | "
            f"≤ {TARGET_MS:.0f} ms | {verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    backends: list[tuple[str, str, Callable[[], None]]] = []
    if "sqlite" in BACKENDS:
        tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
        backends.append(("sqlite", f"sqlite:///{tmp / 'console.db'}", lambda: None))
    if "postgresql" in BACKENDS:
        if databases.postgres_unavailable_reason() is None:
            url = databases.create_postgres_database()
            backends.append(("postgresql", url, lambda: databases.drop_postgres_database(url)))
        else:
            print("PostgreSQL not reachable: SQLite only")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"Console pages, in process (ASGI), test mode; {WARMUPS} warm-ups + {REQUESTS} "
        f"timed requests a page; {when}; {os.cpu_count()} cores"
    )
    for name, url, cleanup in backends:
        try:
            _, rows, profiles = _backend(name, url)
        finally:
            cleanup()
        print()
        print(table(name, rows))
        print()
        for text in profiles:
            print(text)


if __name__ == "__main__":
    main()
