"""SQL statements per order, counted on the engine (issue 15): a guard that the hot path's
optimisations stay in place and that no change adds a statement per row, per charge or per
stored version (N+1). Counts, not timings.

The budgets are the counts the path takes today, per backend (SQLite's BEGIN is a
statement of ours, PostgreSQL's is the driver's). A change that needs more must say why
here; one that needs fewer lowers them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.conftest import Session, app_for, login
from zorders.bootstrap import Container

# One POST /v1/orders with a CreateSubscription of CLOUDDESK-BASIC (3 charges) for an
# existing account, no processing options: the token check, the account, one number
# each for the order, the subscription and its 3 charges, the catalog revision (the plan
# itself cached by the tenant's first order, PF25), and the rows
# written (subscription head, version, rate plans, charges, order, its index rows).
SIMPLE_ORDER = {"sqlite": 20, "postgresql": 18}
# One AddProduct of CLOUDDESK-STORAGE (1 charge) to that subscription, the plan cached.
ADD_PRODUCT = {"sqlite": 20, "postgresql": 18}
# Each further CreateSubscription of CLOUDDESK-BASIC in the same order: its number and its
# check, its 3 charge numbers, its head, version, rate plan and charge rows. The order's
# index rows stay one executemany each, the account and the plan are not read again.
PER_SUBSCRIPTION = 9
# Amendments made before the measured one: its count must not depend on history.
HISTORY = 6


@pytest.fixture
def plain_client(container: Container) -> Iterator[TestClient]:
    """Without the WorkingClient's worker, whose polling would be counted too."""
    with TestClient(app_for(container), raise_server_exceptions=False) as c:
        yield c


def _counted(container: Container, call: Any) -> tuple[Any, int]:
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(container.engine, "before_cursor_execute", record)
    try:
        response = call()
    finally:
        event.remove(container.engine, "before_cursor_execute", record)
    assert response.status_code == 200, response.text
    assert response.json()["success"] is True, response.text
    return response, len(statements)


def _account(client: TestClient, session: Session) -> str:
    response = client.post("/v1/accounts", headers=session.headers, json=new_account())
    assert response.status_code == 200, response.text
    number: str = response.json()["accountNumber"]
    return number


def _simple_order(
    client: TestClient, session: Session, account: str, subscriptions: int = 1
) -> Any:
    body = {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "subscriptions": [{"orderActions": [create_subscription()]} for _ in range(subscriptions)],
    }
    return client.post("/v1/orders", headers=session.headers | NEW, json=body)


def _add_product(client: TestClient, session: Session, account: str, number: str) -> Any:
    action = {
        "type": "AddProduct",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-02-01"}],
        "addProduct": {"productRatePlanNumber": "CLOUDDESK-STORAGE"},
    }
    body = {
        "orderDate": "2025-02-01",
        "existingAccountNumber": account,
        "subscriptions": [{"subscriptionNumber": number, "orderActions": [action]}],
    }
    return client.post("/v1/orders", headers=session.headers | NEW, json=body)


@pytest.fixture
def counted_shop(plain_client: TestClient, shop: Session) -> Session:
    # A token of this client's own (the shop's was taken through the working client).
    return login(plain_client, shop.credentials)


def test_a_simple_order_stays_within_its_statement_budget(
    container: Container, plain_client: TestClient, counted_shop: Session
) -> None:
    account = _account(plain_client, counted_shop)
    # The first order of a tenant creates its sequences' rows; measure the second.
    _counted(container, lambda: _simple_order(plain_client, counted_shop, account))
    _, count = _counted(container, lambda: _simple_order(plain_client, counted_shop, account))
    assert count <= SIMPLE_ORDER[container.engine.dialect.name], count


def test_each_further_subscription_of_an_order_costs_only_its_own_rows(
    container: Container, plain_client: TestClient, counted_shop: Session
) -> None:
    account = _account(plain_client, counted_shop)
    _counted(container, lambda: _simple_order(plain_client, counted_shop, account))  # warm
    _, one = _counted(container, lambda: _simple_order(plain_client, counted_shop, account))
    _, three = _counted(
        container, lambda: _simple_order(plain_client, counted_shop, account, subscriptions=3)
    )
    assert three - one == 2 * PER_SUBSCRIPTION, (one, three)


def test_an_amendment_costs_the_same_statements_at_any_version(
    container: Container, plain_client: TestClient, counted_shop: Session
) -> None:
    account = _account(plain_client, counted_shop)
    created, _ = _counted(container, lambda: _simple_order(plain_client, counted_shop, account))
    number = created.json()["subscriptions"][0]["subscriptionNumber"]
    # The first reads the added plan from the catalog (4 statements) into this process's
    # cache (PF25); the next ones find it there.
    _counted(container, lambda: _add_product(plain_client, counted_shop, account, number))
    _, first = _counted(
        container, lambda: _add_product(plain_client, counted_shop, account, number)
    )
    for _ in range(HISTORY):
        _counted(container, lambda: _add_product(plain_client, counted_shop, account, number))
    _, later = _counted(
        container, lambda: _add_product(plain_client, counted_shop, account, number)
    )
    assert first <= ADD_PRODUCT[container.engine.dialect.name], first
    # The subscription has 1 + HISTORY more versions (and as many more rate plans): the
    # same statements (one executemany per table, whatever the row count).
    assert later == first, (first, later)
