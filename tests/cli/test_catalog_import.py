"""`zorders catalog import FILE.json`, run as a user runs it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from tests.cli.test_cli import zorders
from zorders.bootstrap import Container

PRODUCT = "8a12865b7a8e0d2e017a8f5b0c3d0001"
PLAN = "8a12865b7a8e0d2e017a8f5b0c3d0002"
CHARGE = "8a12865b7a8e0d2e017a8f5b0c3d0003"


def _page(price: str, *, next_page: bool = False) -> dict[str, Any]:
    charge = {
        "id": CHARGE,
        "name": "Monthly fee",
        "type": "Recurring",
        "model": "FlatFee",
        "billingPeriod": "Month",
        "billingDay": "DefaultFromCustomer",
        "pricing": [{"currency": "USD", "price": price}, {"currency": "EUR", "price": "9.00"}],
        "pricingSummary": ["USD" + price],
        "revRecCode": None,
    }
    plan = {"id": PLAN, "name": "Monthly", "status": "Active", "productRatePlanCharges": [charge]}
    product = {"id": PRODUCT, "sku": "SKU-IMPORT", "name": "Imported", "productRatePlans": [plan]}
    page: dict[str, Any] = {"products": [product], "success": True}
    if next_page:
        page["nextPage"] = "/v1/catalog/products?page=2&pageSize=1"
    return page


def _tenant_id(container: Container, name: str) -> str:
    with container.uow_factory(read_only=True) as uow:
        tenant = uow.tenants.get_by_name(name)
    assert tenant is not None
    return tenant.id


def _second_page() -> dict[str, Any]:
    return {"products": [{"id": "8a12865b7a8e0d2e017a8f5b0c3d0009", "sku": "SKU-2", "name": "Two"}],
            "success": True}  # fmt: skip


def test_import_then_import_again_updates_by_id(
    database_url: str, container: Container, tmp_path: Path
) -> None:
    name = f"imp-{uuid.uuid4().hex[:8]}"
    assert zorders("tenant", "create", name, database_url=database_url).returncode == 0
    # Two pages, one after the other, as a script that follows nextPage writes them.
    export = tmp_path / "catalog.json"
    export.write_text(
        json.dumps(_page("10.00", next_page=True)) + "\n" + json.dumps(_second_page())
    )
    first = zorders("catalog", "import", str(export), "--tenant", name, database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"catalog.json imported into {name}: products: 2 created, 0 updated; "
        "rate plans: 1 created, 0 updated; charges: 1 created, 0 updated"
    ]
    # A list of pages, a new price: the same ids are updated.
    export.write_text(json.dumps([_page("12.50")]))
    again = zorders("catalog", "import", str(export), "--tenant", name, database_url=database_url)
    assert again.returncode == 0, again.stderr
    assert "products: 0 created, 1 updated; rate plans: 0 created, 1 updated" in again.stdout
    tenant_id = _tenant_id(container, name)
    with container.uow_factory(read_only=True) as uow:
        charge = uow.catalog.get_charge(tenant_id, CHARGE)
        products = uow.catalog.list_products(tenant_id, offset=0, limit=10)
    assert charge is not None and charge.product_rate_plan_id == PLAN
    assert sorted((t.currency, t.price) for t in charge.tiers) == [
        ("EUR", 9), ("USD", 12.5)
    ]  # fmt: skip
    assert [p.id for p in products] == [PRODUCT, "8a12865b7a8e0d2e017a8f5b0c3d0009"]


def test_a_bad_file_is_refused_and_changes_nothing(
    database_url: str, container: Container, tmp_path: Path
) -> None:
    name = f"imp-{uuid.uuid4().hex[:8]}"
    assert zorders("tenant", "create", name, database_url=database_url).returncode == 0
    page = _page("10.00")
    page["products"][0]["productRatePlans"][0]["productRatePlanCharges"][0]["type"] = "Sometimes"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(page))
    refused = zorders("catalog", "import", str(bad), "--tenant", name, database_url=database_url)
    assert refused.returncode == 1
    assert (
        refused.stderr.strip()
        .splitlines()[-1]
        .startswith(
            f"error: products[0] ({PRODUCT} SKU-IMPORT).productRatePlans[0] ({PLAN} Monthly)"
            f".productRatePlanCharges[0] ({CHARGE} Monthly fee).type: 'Sometimes' should be"
            " one of: OneTime, Recurring, Usage"
        )
    ), refused.stderr
    not_json = tmp_path / "not.json"
    not_json.write_text('{"products": [')
    refused = zorders(
        "catalog", "import", str(not_json), "--tenant", name, database_url=database_url
    )
    assert refused.returncode == 1
    assert "not.json: not JSON at line 1" in refused.stderr
    tenant_id = _tenant_id(container, name)
    with container.uow_factory(read_only=True) as uow:
        assert uow.catalog.list_products(tenant_id, offset=0, limit=10) == []
