"""The pytest plugin (entry point `pytest11`: installing zorders is enough).

Fixtures:
- `zorders_server` (session): `zorders serve` in test mode over a throwaway SQLite file on
  a free port, started on first use and stopped at the end of the session; or the server
  at `ZORDERS_URL` / `--zorders-url`, which the plugin only uses.
- `zuora_tenant`: a new tenant for the test (its own catalog, settings and clock), deleted
  afterwards. `@pytest.mark.zuora_tenant(catalog=..., now=..., ...)` sets how it is made.
- `zuora_tenant_factory`: more tenants in one test, each deleted afterwards.
- `zuora_client`: Zuora's official client (`zuora-sdk`) signed in to `zuora_tenant`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from zorders.testing import server as servers
from zorders.testing.server import ZordersServer
from zorders.testing.tenant import TenantOptions, ZuoraTenant, create_tenant

_OPTION_NAMES = tuple(f.name for f in fields(TenantOptions))
_TENANTS = pytest.StashKey[list[ZuoraTenant]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zorders", "zorders: a Zuora-compatible server for your tests")
    group.addoption(
        "--zorders-url",
        default=None,
        help="Use the zorders server at this URL (in test mode) instead of starting one."
        " Default: $ZORDERS_URL.",
    )
    group.addoption(
        "--zorders-catalog",
        default=None,
        help="The catalog (YAML file or Zuora catalog export .json) of every tenant that"
        " names none. Default: the zorders_catalog ini value.",
    )
    group.addoption(
        "--zorders-keep-tenants",
        action="store_true",
        default=False,
        help="Do not delete the tests' tenants (to look at them in the console of a server"
        " given by --zorders-url).",
    )
    parser.addini(
        "zorders_catalog",
        "The catalog file of every tenant that names none (relative to the ini file).",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "zuora_tenant(catalog=None, now=None, time_zone=None, proration=None,"
        " require_service_activation=None, require_customer_acceptance=None,"
        " business_errors=None, zuora_limits=None, name=None): how this test's"
        " `zuora_tenant` is made (zorders).",
    )


@pytest.fixture(scope="session")
def zorders_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ZordersServer]:
    """The server every tenant of the session lives on."""
    url = request.config.getoption("zorders_url") or os.environ.get("ZORDERS_URL")
    if url:
        yield servers.connect(url)
        return
    server = servers.start(workdir=tmp_path_factory.mktemp("zorders"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def zuora_tenant_factory(
    request: pytest.FixtureRequest, zorders_server: ZordersServer
) -> Iterator[Callable[..., ZuoraTenant]]:
    """`make(**options)`: a new tenant (TenantOptions' fields as keywords), deleted when
    the test ends."""
    made = request.node.stash.setdefault(_TENANTS, [])

    def make(**options: Any) -> ZuoraTenant:
        tenant = create_tenant(zorders_server, _options(request, options))
        made.append(tenant)
        return tenant

    yield make
    if request.config.getoption("zorders_keep_tenants"):
        return
    for tenant in made:
        tenant.delete()


@pytest.fixture
def zuora_tenant(
    request: pytest.FixtureRequest, zuora_tenant_factory: Callable[..., ZuoraTenant]
) -> ZuoraTenant:
    """A tenant of the test's own, made as its `zuora_tenant` marker says."""
    marker = request.node.get_closest_marker("zuora_tenant")
    if marker is not None and marker.args:
        raise pytest.UsageError("@pytest.mark.zuora_tenant takes keyword arguments only")
    return zuora_tenant_factory(**(marker.kwargs if marker is not None else {}))


@pytest.fixture
def zuora_client(zuora_tenant: ZuoraTenant) -> Any:
    """Zuora's official Python client (`pip install zuora-sdk`), signed in to the test's
    tenant: `POST /oauth/token` against zorders, as against Zuora."""
    try:
        # Loaded only here, and untyped: the plugin itself needs no client library.
        sdk: Any = importlib.import_module("zuora_sdk")
        sdk_client: Any = importlib.import_module("zuora_sdk.zuora_client")
    except ImportError:
        pytest.fail("zuora_client needs Zuora's official client: pip install zuora-sdk")
    client = sdk_client.ZuoraClient(
        zuora_tenant.client_id,
        zuora_tenant.client_secret,
        env=None,
        config=sdk.Configuration(host=zuora_tenant.base_url),
    )
    # One token, no refresh thread: `initialize()` would start one that sleeps ten minutes,
    # and `stop_auto_auth()` waits 5 s for it at every test's end (KT3). A test outlives
    # no token (an hour).
    client.refresh_token()
    if not client.token.get("access_token"):
        pytest.fail(f"the official client could not sign in to {zuora_tenant.base_url}")
    return client


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed test's report names its tenants, to sign in to the console with."""
    report = yield
    tenants = item.stash.get(_TENANTS, [])
    if report.failed and tenants:
        lines = [
            f"{t.name}: tenant {t.tenant_id}, client id {t.client_id}, console {t.console_url}"
            for t in tenants
        ]
        report.sections.append(("zorders tenants", "\n".join(lines)))
    return report


def _options(request: pytest.FixtureRequest, given: dict[str, Any]) -> TenantOptions:
    unknown = sorted(set(given) - set(_OPTION_NAMES))
    if unknown:
        raise pytest.UsageError(
            f"unknown zuora_tenant option(s) {', '.join(unknown)};"
            f" known: {', '.join(_OPTION_NAMES)}"
        )
    values = dict(given)
    catalog = values.get("catalog")
    if isinstance(catalog, str | Path):
        # A marker's path is relative to its test file.
        values["catalog"] = _path(catalog, request.path.parent)
    elif "catalog" not in values:
        config = request.config
        if config.getoption("zorders_catalog"):
            # A command line's path is relative to where pytest was started.
            values["catalog"] = _path(
                config.getoption("zorders_catalog"), config.invocation_params.dir
            )
        elif config.getini("zorders_catalog"):
            # An ini value's is relative to its ini file.
            base = config.inipath.parent if config.inipath else config.rootpath
            values["catalog"] = _path(config.getini("zorders_catalog"), base)
    return TenantOptions(**values)


def _path(value: str | Path, base: Path) -> Path:
    path = Path(value).expanduser()
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise pytest.UsageError(f"zorders catalog file not found: {path}")
    return path
