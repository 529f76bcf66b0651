"""v2 catalog bodies for tests (`/v2/products`, `/v2/plans`, `/v2/prices`)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Session


def body(response: Any) -> Any:
    """The JSON of a response with exact decimals."""
    return json.loads(response.text, parse_float=Decimal)


def create(client: TestClient, session: Session, path: str, payload: dict[str, Any]) -> Any:
    response = client.post(path, headers=session.headers, json=payload)
    assert response.status_code == 201, response.text
    created = body(response)
    assert len(created["id"]) == 32
    return created


def product(client: TestClient, session: Session, **extra: Any) -> Any:
    payload = {"name": "CloudDesk", "start_date": "2020-01-01", "end_date": "2099-12-31", **extra}
    return create(client, session, "/v2/products", payload)


def plan(client: TestClient, session: Session, product_id: str, **extra: Any) -> Any:
    payload = {
        "name": "Basic",
        "product_id": product_id,
        "active_currencies": ["USD", "EUR"],
        **extra,
    }
    return create(client, session, "/v2/plans", payload)


def price(client: TestClient, session: Session, plan_id: str, **extra: Any) -> Any:
    payload = {
        "name": "Seats",
        "plan_id": plan_id,
        "recurring": {"interval": "month", "interval_count": 1},
        "unit_amounts": {"USD": 12.5, "EUR": 11},
        "unit_of_measure": "Seat",
        "quantity": 3,
        **extra,
    }
    return create(client, session, "/v2/prices", payload)


def error(response: Any, status: int) -> dict[str, Any]:
    """The one v2 error of `response`: {code, parameter, message} plus its type."""
    assert response.status_code == status, response.text
    payload = response.json()
    assert set(payload) == {"type", "errors", "retryable"}
    assert payload["retryable"] is False
    assert len(payload["errors"]) == 1
    return {"type": payload["type"], **payload["errors"][0]}
