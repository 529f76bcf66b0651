from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support import databases
from tests.support.routes import router as test_router
from zorders.api.app import create_app
from zorders.bootstrap import Container, build
from zorders.cli.catalog_file import read_catalog_file
from zorders.services import tenants
from zorders.services.catalog_file import load_catalog
from zorders.services.clock import Clock
from zorders.services.jobs import Worker
from zorders.services.tenants import TenantCredentials
from zorders.settings import Settings

pytest_plugins = ["pytester", "tests.support.test_mode"]

BACKENDS = ["sqlite", "postgresql"]
DEMO_CATALOG = Path(__file__).parents[1] / "examples" / "catalog.yaml"


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    reason = databases.postgres_unavailable_reason()
    if reason is not None:
        if databases.postgres_required():
            pytest.fail(f"ZORDERS_TEST_POSTGRES=required but {reason}")
        pytest.skip(reason)
    url = databases.create_postgres_database()
    yield url
    databases.drop_postgres_database(url)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("sqlite") / "zorders.db"
    return f"sqlite:///{path}"


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture(scope="session")
def container(database_url: str) -> Iterator[Container]:
    c = build(Settings(database_url=database_url))
    c.migrate()
    yield c
    c.close()


@pytest.fixture
def make_container(database_url: str) -> Iterator[Callable[..., Container]]:
    """A second (third...) process's worth of wiring over the same database."""
    made: list[Container] = []

    def make(wall_clock: Clock | None = None, **settings: object) -> Container:
        c = build(Settings(database_url=database_url, **settings), wall_clock=wall_clock)  # type: ignore[arg-type]
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


def app_for(container: Container):  # type: ignore[no-untyped-def]
    return create_app(
        container.api_dependencies(), extra_routers=[test_router], console=container.console()
    )


class WorkingClient(TestClient):
    """A TestClient whose app has a worker: after each request that may have recorded due
    work (not a GET), the worker runs what is due until none is left, in this process
    (so monkeypatched services apply), before the call returns (decisions.md W8)."""

    worker: Worker

    def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().request(method, url, *args, **kwargs)
        if method.upper() not in ("GET", "HEAD", "OPTIONS"):
            self.worker.run_until_idle()
        return response


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with WorkingClient(app_for(container), raise_server_exceptions=False) as c:
        c.worker = Worker(
            container.uow_factory, container.wall_clock, registry=container.job_registry()
        )
        yield c


@pytest.fixture
def tenant(container: Container) -> TenantCredentials:
    return tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
    )


@dataclass
class Session:
    """An authenticated caller: a tenant and the headers that carry its token."""

    credentials: TenantCredentials
    headers: dict[str, str]

    @property
    def tenant_id(self) -> str:
        return self.credentials.tenant_id


def login(client: TestClient, credentials: TenantCredentials) -> Session:
    response = client.post(
        "/oauth/token",
        data={
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret or "",
            "grant_type": "client_credentials",
        },
    )
    assert response.status_code == 200, response.text
    return Session(credentials, {"Authorization": f"Bearer {response.json()['access_token']}"})


@pytest.fixture
def session(client: TestClient, tenant: TenantCredentials) -> Session:
    return login(client, tenant)


@pytest.fixture
def new_session(client: TestClient, container: Container) -> Callable[[], Session]:
    def make() -> Session:
        creds = tenants.create_tenant(
            container.uow_factory, container.wall_clock, f"t-{uuid.uuid4().hex[:12]}"
        )
        return login(client, creds)

    return make


@pytest.fixture
def shop(container: Container, session: Session) -> Session:
    """A tenant with the demo catalog."""
    with container.uow_factory() as uow:
        ctx = container.tenant_clock.context(session.tenant_id, "test")
        load_catalog(uow, ctx, read_catalog_file(DEMO_CATALOG))
        uow.commit()
    return session


# The day the v2 tests were written: their orders start on 2026-12-01.
FROZEN_AT = datetime(2026, 12, 2, tzinfo=UTC)


@pytest.fixture
def frozen_clock(shop: Session, container: Container) -> Session:
    """The shop tenant's clock standing on FROZEN_AT, for modules whose dates sit around
    the day they were written: their subscriptions' states must not move with the real
    date (`pytestmark = pytest.mark.usefixtures("frozen_clock")`)."""
    with container.uow_factory() as uow:
        uow.tenants.set_clock(shop.tenant_id, FROZEN_AT)
        uow.commit()
    return shop
