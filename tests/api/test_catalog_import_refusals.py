"""A Zuora catalog export that zorders refuses: each error names the object and field,
and nothing is stored (decisions CI4, RK9). Split from `test_catalog_import_round_trip.py`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.api.test_catalog_import_round_trip import CHARGE, PLAN, PRODUCT, _import
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.errors import DomainError, ErrorCode


def _bad_page(charge_changes: dict[str, Any]) -> dict[str, Any]:
    charge = {
        "id": CHARGE,
        "name": "Fee",
        "type": "Recurring",
        "model": "FlatFee",
        "pricing": [{"currency": "USD", "price": "10"}],
        **charge_changes,
    }
    plan = {"id": PLAN, "name": "Plan", "productRatePlanCharges": [charge]}
    return {"products": [{"id": PRODUCT, "sku": "S1", "name": "P", "productRatePlans": [plan]}]}


def test_a_bad_file_names_the_object_and_field_and_stores_nothing(
    container: Container, session: Session
) -> None:
    cases = [
        ({"pricing": [{"currency": "USD", "price": "ten"}]}, "pricing[0] (USD).price"),
        (
            {"model": "MultiAttributePricing"},
            ".model: charge model 'MultiAttributePricing' is not supported by zorders",
        ),
        # Decimal tier boundaries are read (RK9): a fractional overlap is named.
        (
            {
                "model": "Tiered",
                "pricing": [
                    {
                        "currency": "USD",
                        "tiers": [
                            {
                                "startingUnit": Decimal("0"),
                                "endingUnit": Decimal("1.5"),
                                "price": "2",
                            },
                            {"startingUnit": Decimal("1.25"), "price": "1"},
                        ],
                    }
                ],
            },
            "an overlap between tier 1 (EndingUnit 1.5) and tier 2 (StartingUnit 1.25)",
        ),
        ({"pricing": [{"currency": "USD"}]}, "pricing[0] (USD).price: is required"),
        ({"billingDay": "sometimes"}, ".billingDay: expected a bill cycle type"),
        ({"id": "not an id!"}, "'Id' must be 1 to 32 letters"),
    ]
    for changes, expected in cases:
        try:
            _import(container, session.tenant_id, [_bad_page(changes)])
        except DomainError as err:
            assert err.code is ErrorCode.INVALID_CATALOG_FILE
            assert expected in err.message, err.message
            assert err.message.startswith(
                f"products[0] ({PRODUCT} S1).productRatePlans[0] ({PLAN} Plan)"
                f".productRatePlanCharges[0]"
            ), err.message
        else:
            raise AssertionError(f"{changes} was accepted")
        with container.uow_factory(read_only=True) as uow:
            assert uow.catalog.list_products(session.tenant_id, offset=0, limit=5) == []


def test_a_url_for_the_plans_is_refused_with_the_way_out(
    container: Container, session: Session
) -> None:
    page = {"products": [{"id": PRODUCT, "sku": "S1", "name": "P", "productRatePlans": "/v1/x"}]}
    try:
        _import(container, session.tenant_id, [page])
    except DomainError as err:
        assert "productRatePlans: is a URL (/v1/x)" in err.message
        assert "Zuora-Version" in err.message
    else:
        raise AssertionError("accepted")
