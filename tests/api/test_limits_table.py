"""The limits table (domain/limits.py), row by row: the value at its maximum is stored,
one past it is a 4xx naming the field, and the reads keep answering 200 afterwards.

Driven from the table: every row must have an example here (a new row fails until it has
one), and hypothesis picks the values inside and outside each limit."""

from __future__ import annotations

import base64
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.test_limits import reads_still_work
from tests.api.test_orders import subscribe
from tests.conftest import Session
from zorders.api.wire import ZuoraJSONResponse
from zorders.api.zoql.locator import Locator
from zorders.api.zoql.locator import encode as encode_locator
from zorders.domain import limits

# One request per text row: (method, path, body holding the value at `field`).
Example = Callable[[str, str], tuple[str, str, dict[str, Any], str]]

TEXT_EXAMPLES: dict[str, Example] = {
    "notes": lambda account, v: ("PUT", f"/v1/accounts/{account}", {"notes": v}, "notes"),
    "description": lambda account, v: (
        "POST",
        "/v1/object/product",
        {
            "Name": "P",
            "Description": v,
            "EffectiveStartDate": "2020-01-01",
            "EffectiveEndDate": "2030-01-01",
        },
        "Description",
    ),
    "additionalEmailAddresses": lambda account, v: (
        "PUT",
        f"/v1/accounts/{account}",
        {"additionalEmailAddresses": v},
        "additionalEmailAddresses",
    ),
    # ZOQL (ZQ6): a valid query of exactly the length.
    "queryString": lambda account, v: (
        "POST",
        "/v1/action/query",
        {"queryString": _zoql(v)},
        "queryString",
    ),
    "query": lambda account, v: (
        "POST",
        "/v1/batch-query/",
        {"queries": [{"query": _zoql(v)}]},
        "query",
    ),
    # `v` is the tenant's valid locator at the maximum (`_text`), or too long.
    "queryLocator": lambda account, v: (
        "POST",
        "/v1/action/queryMore",
        {"queryLocator": v},
        "queryLocator",
    ),
    # The default for fields without a documented maximum.
    "*": lambda account, v: (
        "POST",
        "/v1/bill-runs",
        {"targetDate": "2025-02-01", "name": v},
        "name",
    ),
}


def _zoql(v: str) -> str:
    """`select Id from Account where Name = 'x...'`, as long as `v`."""
    head = "select Id from Account where Name = '"
    return head + "x" * (len(v) - len(head) - 1) + "'"


def _locator(tenant_id: str, length: int) -> str:
    """A valid locator of exactly `length` characters (a multiple of 4: base64 of
    length * 3 / 4 bytes), its query padded with spaces."""
    assert length % 4 == 0
    stub = Locator(tenant_id, "select Id from Account", "0", 1)
    stub_text = encode_locator(stub)
    stub_bytes = len(base64.urlsafe_b64decode(stub_text + "=" * (-len(stub_text) % 4)))
    pad = length * 3 // 4 - stub_bytes
    text = encode_locator(Locator(tenant_id, stub.query + " " * pad, "0", 1))
    assert len(text) == length
    return text


def _text(length: int, key: str) -> str:
    if key == "additionalEmailAddresses":
        # Addresses `a...@b.io` separated by commas, exactly `length` characters.
        parts, left = [], length
        while left > 0:
            size = min(left, 60) if left - min(left, 60) == 0 or left - 60 >= 7 else left - 7
            size = max(size, 6)
            parts.append("a" * (size - 5) + "@b.io")
            left -= size + 1
        text = ",".join(parts)
        return text[:length] if len(text) >= length else text + "a" * (length - len(text))
    return "x" * length


def test_every_text_row_has_an_example() -> None:
    assert set(TEXT_EXAMPLES) == {row.key for row in limits.TEXT_LIMITS} | {"*"}


def _rows() -> list[tuple[str, int]]:
    return [(row.key, row.max_length) for row in limits.TEXT_LIMITS] + [
        ("*", limits.DEFAULT_TEXT_LENGTH)
    ]


@pytest.mark.parametrize(("key", "maximum"), _rows())
def test_text_limits(client: TestClient, shop: Session, key: str, maximum: int) -> None:
    account = subscribe(client, shop)["accountNumber"]
    for length, accepted in ((maximum, True), (maximum + 1, False)):
        value = _text(length, key)
        if key == "queryLocator" and accepted:
            value = _locator(shop.tenant_id, length)
        assert len(value) == length
        method, path, body, field = TEXT_EXAMPLES[key](account, value)
        response = client.request(method, path, headers=shop.headers, json=body)
        if accepted:
            assert response.status_code == 200, (key, response.text[:300])
        else:
            assert 400 <= response.status_code < 500, (key, response.text[:300])
            assert field in response.text, response.text[:300]
    reads_still_work(client, shop, account)


# -- numbers and dates ------------------------------------------------------------------


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    digits=st.integers(min_value=1, max_value=limits.MAX_INTEGER_DIGITS + 3),
    decimals=st.integers(min_value=0, max_value=limits.MAX_DECIMALS + 2),
)
def test_number_limits_on_a_stored_price(
    client: TestClient, shop: Session, digits: int, decimals: int
) -> None:
    """A CRUD tier price of `digits` integer digits and `decimals` decimals."""
    product = client.post(
        "/v1/object/product",
        headers=shop.headers,
        json={"Name": "P", "EffectiveStartDate": "2020-01-01", "EffectiveEndDate": "2030-01-01"},
    ).json()["Id"]
    plan = client.post(
        "/v1/object/product-rate-plan",
        headers=shop.headers,
        json={"Name": "Plan", "ProductId": product},
    ).json()["Id"]
    price = Decimal("9" * digits + ("." + "7" * decimals if decimals else ""))
    body = {
        "ProductRatePlanId": plan,
        "Name": "Flat",
        "ChargeType": "Recurring",
        "ChargeModel": "Flat Fee Pricing",
        "BillCycleType": "DefaultFromCustomer",
        "BillingPeriod": "Month",
        "TriggerEvent": "ContractEffective",
        "ProductRatePlanChargeTierData": {
            "ProductRatePlanChargeTier": [{"Currency": "USD", "Price": price}]
        },
    }
    raw = ZuoraJSONResponse(body).body
    response = client.post(
        "/v1/object/product-rate-plan-charge",
        headers=shop.headers | {"Content-Type": "application/json"},
        content=raw,
    )
    inside = digits <= limits.MAX_INTEGER_DIGITS and decimals <= limits.MAX_DECIMALS
    if inside:
        assert response.status_code == 200, response.text
        charge = client.get(f"/v1/object/product-rate-plan-charge/{response.json()['Id']}",
                            headers=shop.headers)  # fmt: skip
        assert charge.status_code == 200
        assert str(price) in charge.text
    else:
        assert response.status_code == 400, response.text
        assert "Price" in response.json()["Errors"][0]["Message"]
    assert (
        client.get(f"/v1/rateplan/{product}/productRatePlan", headers=shop.headers).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        (limits.MIN_DATE.isoformat(), True),
        (limits.MAX_DATE.isoformat(), True),
        ("1899-12-31", False),
        ("10000-01-01", False),
        ("2025-02-30", False),
        (20250101, False),
    ],
)
def test_date_limits(client: TestClient, shop: Session, value: Any, accepted: bool) -> None:
    response = client.post(
        "/v1/object/product",
        headers=shop.headers,
        json={"Name": "P", "EffectiveStartDate": "1900-01-01", "EffectiveEndDate": value},
    )
    if accepted:
        assert response.status_code == 200, response.text
        read = client.get(f"/v1/object/product/{response.json()['Id']}", headers=shop.headers)
        assert read.status_code == 200
        assert read.json()["EffectiveEndDate"] == value
    else:
        assert response.status_code == 400, response.text
        assert "EffectiveEndDate" in response.json()["Errors"][0]["Message"]
    assert client.get("/v1/catalog/products", headers=shop.headers).status_code == 200
