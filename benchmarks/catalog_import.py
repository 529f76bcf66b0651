"""Importing a large Zuora catalog (`zorders catalog import`, issue 13): a generated
`GET /v1/catalog/products` export of 60 products x 5 rate plans (300 plans) x 3 charges
(900 charges: flat fee, tiered seats, usage; every fifth plan a discount instead of the
usage) priced in 4 currencies, as 6 pages of 10 products one after another. Times the read
and the import into a fresh tenant in one transaction, then the same file again (every
id updated), in process; on SQLite and, when reachable, PostgreSQL.
`ZORDERS_BENCH_CATALOG_PRODUCTS` sets the product count (default 60)."""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from tests.support import databases

from zorders.bootstrap import build
from zorders.services import tenants
from zorders.services.catalog_import import import_catalog, read_pages
from zorders.settings import Settings

PRODUCTS = int(os.environ.get("ZORDERS_BENCH_CATALOG_PRODUCTS", "60"))
PLANS_PER_PRODUCT = 5
PAGE_SIZE = 10
CURRENCIES = {"USD": 1, "EUR": 0.92, "GBP": 0.79, "AUD": 1.52}


def _id(*parts: int) -> str:
    return "2c92a0f9" + "".join(f"{p:06x}" for p in parts).rjust(24, "0")


def _money(amount: float) -> str:
    return f"{amount:.2f}"


def _charges(p: int, r: int) -> list[dict[str, Any]]:
    base = 10 + p + r * 5
    common = {"billingPeriod": "Month", "billingDay": "DefaultFromCustomer", "taxable": True}
    flat = {
        "id": _id(p, r, 1),
        "name": "Platform fee",
        "type": "Recurring",
        "model": "FlatFee",
        "productRatePlanChargeNumber": f"C-{p}-{r}-1",
        "pricing": [{"currency": c, "price": _money(base * f)} for c, f in CURRENCIES.items()],
        "Family__c": "platform",
        **common,
    }
    seats = {
        "id": _id(p, r, 2),
        "name": "Seats",
        "type": "Recurring",
        "model": "Tiered",
        "uom": "Seat",
        "defaultQuantity": "5",
        "pricing": [
            {
                "currency": c,
                "tiers": [
                    {"tier": 1, "startingUnit": "1", "endingUnit": "10", "price": _money(8 * f),
                     "priceFormat": "PerUnit"},
                    {"tier": 2, "startingUnit": "11", "endingUnit": "100",
                     "price": _money(6 * f), "priceFormat": "PerUnit"},
                    {"tier": 3, "startingUnit": "101", "price": _money(4 * f),
                     "priceFormat": "PerUnit"},
                ],
            }
            for c, f in CURRENCIES.items()
        ],
        **common,
    }  # fmt: skip
    if r % 5 == 4:
        third = {
            "id": _id(p, r, 3),
            "name": "Launch discount",
            "type": "Recurring",
            "model": "DiscountPercentage",
            "endDateCondition": "Fixed_Period",
            "upToPeriods": 3,
            "applyDiscountTo": "RECURRING",
            "pricing": [{"currency": c, "discountPercentage": 0} for c in CURRENCIES],
            **common,
        }
    else:
        third = {
            "id": _id(p, r, 3),
            "name": "API calls",
            "type": "Usage",
            "model": "PerUnit",
            "uom": "Call",
            "billingTiming": "IN_ARREARS",
            "pricing": [{"currency": c, "price": _money(0.002 * f)} for c, f in CURRENCIES.items()],
            **common,
        }
    return [flat, seats, third]


def catalog_text(products: int = PRODUCTS) -> str:
    """The export, as pages of PAGE_SIZE products written one after another."""
    items = [
        {
            "id": _id(p, 0, 0),
            "sku": f"SKU-{p:04d}",
            "name": f"Product {p}",
            "productNumber": f"PN-{p:04d}",
            "effectiveStartDate": "2020-01-01",
            "effectiveEndDate": "2099-12-31",
            "productRatePlans": [
                {
                    "id": _id(p, r, 0),
                    "name": f"Plan {r}",
                    "productRatePlanNumber": f"PRP-{p}-{r}",
                    "status": "Active",
                    "effectiveStartDate": "2020-01-01",
                    "productRatePlanCharges": _charges(p, r),
                }
                for r in range(PLANS_PER_PRODUCT)
            ],
        }
        for p in range(products)
    ]
    pages = [
        {"products": items[i : i + PAGE_SIZE], "success": True}
        for i in range(0, len(items), PAGE_SIZE)
    ]
    return "\n".join(json.dumps(page) for page in pages)


def _run(backend: str, url: str, text: str) -> None:
    container = build(Settings(database_url=url))
    container.migrate()
    try:
        creds = tenants.create_tenant(
            container.uow_factory, container.wall_clock, f"bench-{uuid.uuid4().hex[:8]}"
        )
        ctx = container.tenant_clock.context(creds.tenant_id, "bench")
        for label in ("new tenant", "again (update)"):
            t0 = time.perf_counter()
            pages = read_pages(text)
            t1 = time.perf_counter()
            with container.uow_factory() as uow:
                report = import_catalog(uow, ctx, pages)
                uow.commit()
            t2 = time.perf_counter()
            plans = report.plans_created + report.plans_updated
            charges = report.charges_created + report.charges_updated
            print(
                f"{backend:<11} {label:<15} {plans:>6} {charges:>8} {(t1 - t0) * 1000:>8.0f}"
                f" {(t2 - t1):>9.2f} {(t2 - t1) * 1000 / charges:>10.2f}"
            )
    finally:
        container.close()


def main() -> None:
    text = catalog_text()
    print(
        f"Catalog import: {PRODUCTS} products, {PRODUCTS * PLANS_PER_PRODUCT} plans, "
        f"{len(CURRENCIES)} currencies, {len(text) // 1024} KiB of JSON"
    )
    print(
        f"{'backend':<11} {'import':<15} {'plans':>6} {'charges':>8} {'read ms':>8}"
        f" {'import s':>9} {'ms/charge':>10}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="zorders-bench-"))
    _run("sqlite", f"sqlite:///{tmp / 'catalog.db'}", text)
    if databases.postgres_unavailable_reason() is None:
        url = databases.create_postgres_database()
        try:
            _run("postgresql", url, text)
        finally:
            databases.drop_postgres_database(url)


if __name__ == "__main__":
    main()
