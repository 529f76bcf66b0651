"""schemathesis against the service's own `/openapi.json` (issue 16), on each backend:
every operation, a fixed number of valid and of invalid generated requests from a fixed
seed, with a valid token of a tenant that has a catalog, accounts, subscriptions, orders,
invoices, payments, a bill run, line items and a fulfillment; then each GET once more on
that tenant's own objects, so the answers of real objects are checked too. Each answer
must be no 5xx, of a documented status and content type, and conform to the documented
schema of that status.

`ZORDERS_FUZZ_EXAMPLES` / `ZORDERS_FUZZ_NEGATIVE_EXAMPLES` change the counts (20 / 10);
`ZORDERS_FUZZ_REPORT=FILE` appends the statuses answered, per backend, to FILE."""

from __future__ import annotations

import json
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_isolation_matrix import _b_objects, _value
from tests.conftest import WorkingClient, app_for, login
from zorders.bootstrap import Container
from zorders.services import tenants
from zorders.services.jobs import Worker

# Examples per operation: valid requests, and requests the document says are invalid.
EXAMPLES = {
    GenerationMode.POSITIVE: int(os.environ.get("ZORDERS_FUZZ_EXAMPLES", "20")),
    GenerationMode.NEGATIVE: int(os.environ.get("ZORDERS_FUZZ_NEGATIVE_EXAMPLES", "10")),
}
SEED = 4242
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Target:
    """The app under test, a tenant's token, and the tenant's objects (for the reads)."""

    app: Any
    headers: dict[str, str]
    objects: dict[str, str]
    statuses: Counter[int] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def target(container: Container) -> Iterator[Target]:
    credentials = tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"fuzz-{uuid.uuid4().hex[:8]}"
    )
    with WorkingClient(app_for(container), raise_server_exceptions=False) as client:
        client.worker = Worker(
            container.uow_factory, container.wall_clock, registry=container.job_registry()
        )
        session = login(client, credentials)
        objects = _b_objects(client, session, container)
    made = Target(app_for(container), session.headers, objects)
    yield made
    report = os.environ.get("ZORDERS_FUZZ_REPORT")
    if report:
        with open(report, "a") as out:
            out.write(json.dumps({str(k): v for k, v in sorted(made.statuses.items())}) + "\n")


@pytest.fixture(scope="module")
def fuzz_schema(target: Target) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", target.app)


def _operations() -> list[str]:
    """'METHOD path' of every operation, from the document of an app over no database."""
    from zorders.api.app import create_app
    from zorders.bootstrap import build
    from zorders.settings import Settings

    container = build(Settings(database_url="sqlite://"))
    try:
        paths = create_app(container.api_dependencies()).openapi()["paths"]
    finally:
        container.close()
    return [
        pytest.param(mode, f"{method.upper()} {path}", id=f"{mode.value}-{method.upper()} {path}")
        for mode in EXAMPLES
        for path, item in paths.items()
        for method, operation in item.items()
        # A request can be invalid only where it has something to get wrong.
        if mode is GenerationMode.POSITIVE
        or operation.get("parameters")
        or operation.get("requestBody")
    ]


OPERATIONS = _operations()


@pytest.mark.parametrize(("mode", "operation"), OPERATIONS)
def test_every_operation(
    mode: GenerationMode, operation: str, fuzz_schema: Any, target: Target
) -> None:
    method, path = operation.split(" ", 1)
    api_operation = fuzz_schema[path][method]
    strategy = api_operation.as_strategy(generation_mode=mode)

    @given(strategy)
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=target.headers, checks=CHECKS)
        target.statuses[response.status_code] += 1

    run()
    if method == "GET" and mode is GenerationMode.POSITIVE:
        _read_the_tenants_own(api_operation, path, target)


def _read_the_tenants_own(api_operation: Any, path: str, target: Target) -> None:
    """A GET of the tenant's real objects: the answer a client parses must conform."""
    names = re.findall(r"{([^}]+)}", path)
    values = {name: _value(path, name, target.objects) for name in names}
    if any(value is None for value in values.values()):
        return
    case = api_operation.Case(path_parameters=values)
    response = case.call_and_validate(headers=target.headers, checks=CHECKS)
    target.statuses[response.status_code] += 1
