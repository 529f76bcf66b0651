"""Loading a whole catalog from a document: the demo file, upserts, all-or-nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.cli.catalog_file import read_catalog_file
from zorders.domain.catalog.enums import ChargeModel
from zorders.domain.catalog.pricing import price_for_quantity
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import catalog
from zorders.services.catalog_file import load_catalog
from zorders.services.context import CommandContext

DEMO = Path(__file__).parents[2] / "examples" / "catalog.yaml"


def _ctx(container: Container, session: Session) -> CommandContext:
    return CommandContext(
        tenant_id=session.tenant_id, now=container.wall_clock.now(), request_id="test"
    )


def _load(container: Container, session: Session, document: object) -> str:
    with container.uow_factory() as uow:
        report = load_catalog(uow, _ctx(container, session), document)
        uow.commit()
    return str(report)


def test_demo_catalog_loads_and_prices(
    container: Container, session: Session, client: TestClient
) -> None:
    document = read_catalog_file(DEMO)
    report = _load(container, session, document)
    assert report == (
        "products: 3 created, 0 updated; rate plans: 6 created, 0 updated; "
        "charges: 13 created, 0 updated"
    )
    products = client.get("/v1/catalog/products?pageSize=40", headers=session.headers).json()
    assert [p["sku"] for p in products["products"]] == [
        "CLOUDDESK",
        "CLOUDDESK-ADDONS",
        "CLOUDDESK-DISCOUNTS",
    ]
    plans = client.get("/v1/rateplan/CLOUDDESK/productRatePlan", headers=session.headers).json()[
        "productRatePlans"
    ]
    assert [p["name"] for p in plans] == ["Basic", "Pro", "Enterprise"]
    assert [p["grade"] for p in plans] == [1, 2, 3]
    # Prices read back exactly and price as the models say (hand-computed).
    with container.uow_factory(read_only=True) as uow:
        ctx = _ctx(container, session)
        pro = next(
            t
            for t in catalog.product_tree(
                uow, ctx, catalog.find_product(uow, ctx, "CLOUDDESK")
            ).plans
            if t.plan.name == "Pro"
        )
        seats = next(ch for ch in pro.charges if ch.name == "Pro seats")
        api = next(ch for ch in pro.charges if ch.name == "Pro API calls")
    assert seats.charge_model is ChargeModel.TIERED
    # 60 seats: 10 x 15 + 40 x 12 + 10 x 9 = 150 + 480 + 90 = 720 USD
    assert price_for_quantity(seats.charge_model, seats.tiers_in("USD"), Decimal(60)) == Decimal(
        "720.00"
    )
    # 25 seats in EUR: 10 x 14 + 15 x 11 = 140 + 165 = 305
    assert price_for_quantity(seats.charge_model, seats.tiers_in("EUR"), Decimal(25)) == Decimal(
        "305.00"
    )
    assert api.tiers_in("USD")[0].price == Decimal("0.002")
    assert str(api.tiers_in("EUR")[0].price) == "0.0018"


def test_loading_twice_updates_in_place(container: Container, session: Session) -> None:
    document = read_catalog_file(DEMO)
    _load(container, session, document)
    document["products"][0]["ratePlans"][0]["charges"][0]["price"]["USD"] = Decimal("31.00")
    report = _load(container, session, document)
    assert report == (
        "products: 0 created, 3 updated; rate plans: 0 created, 6 updated; "
        "charges: 0 created, 13 updated"
    )
    with container.uow_factory(read_only=True) as uow:
        ctx = _ctx(container, session)
        tree = catalog.product_tree(uow, ctx, catalog.find_product(uow, ctx, "CLOUDDESK"))
    fee = next(ch for p in tree.plans for ch in p.charges if ch.name == "Basic platform fee")
    assert fee.tiers_in("USD")[0].price == Decimal("31.00")
    assert fee.tiers_in("EUR")[0].price == Decimal("27.00")


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["products"][0].pop("sku"), "products[0].sku"),
        (lambda d: d["products"][0].update(colour="red"), "products[0].colour"),
        (
            lambda d: d["products"][0]["ratePlans"][1]["charges"][1]["tiers"]["USD"][1].update(
                startingUnit=12
            ),
            "products[0].ratePlans[1].charges[1]",
        ),
        (
            lambda d: d["products"][0]["ratePlans"][0]["charges"][0].update(model="Magic"),
            "products[0].ratePlans[0].charges[0].model",
        ),
        (
            lambda d: d["products"][1]["ratePlans"][0]["charges"][0]["tiers"].update(
                GBP=[{"price": 1}]
            ),
            "products[1].ratePlans[0].charges[0]",
        ),
        # The limits table (domain/limits.py) holds for files too.
        (
            lambda d: d["products"][0]["ratePlans"][0]["charges"][0].update(
                price={"USD": Decimal("1E+30")}
            ),
            "products[0].ratePlans[0].charges[0].price.USD",
        ),
        (lambda d: d["products"][0].update(name="Cloud\u0000Desk"), "products[0].name"),
        (lambda d: d["products"][0].update(description="d" * 501), "products[0].description"),
    ],
)
def test_a_bad_file_loads_nothing(
    container: Container,
    session: Session,
    client: TestClient,
    mutate,
    path: str,  # type: ignore[no-untyped-def]
) -> None:
    document = read_catalog_file(DEMO)
    mutate(document)
    with pytest.raises(DomainError) as info:
        _load(container, session, document)
    assert info.value.code is ErrorCode.INVALID_CATALOG_FILE
    assert info.value.message.startswith(path), info.value.message
    assert client.get("/v1/catalog/products", headers=session.headers).json()["products"] == []


def test_numbers_in_yaml_are_decimals(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("products:\n  - {sku: A, price: 0.1, big: 12345678901234567890.123}\n")
    document = read_catalog_file(path)
    assert document["products"][0]["price"] == Decimal("0.1")
    assert document["products"][0]["big"] == Decimal("12345678901234567890.123")


def test_one_time_charges_need_no_billing_period_settings(
    container: Container, session: Session
) -> None:
    """As through the CRUD API (decision R6): a OneTime charge without billingPeriod and
    billCycleType loads; billing period settings that would not agree on a recurring charge
    do not apply to it; on a recurring charge they are still refused."""
    document = read_catalog_file(DEMO)
    charges = document["products"][0]["ratePlans"][0]["charges"]
    setup = charges[2]
    assert (setup["type"], "billingPeriod" in setup, "billCycleType" in setup) == (
        "OneTime",
        False,
        False,
    )
    charges.append(
        {"name": "Activation", "type": "OneTime", "model": "FlatFee", "price": {"USD": 25},
         "billingPeriod": "Specific Months", "billCycleType": "SpecificDayofMonth"}
    )  # fmt: skip
    assert "charges: 14 created" in _load(container, session, document)
    with container.uow_factory(read_only=True) as uow:
        ctx = _ctx(container, session)
        plan = uow.catalog.find_plan_by_number(ctx.tenant_id, "CLOUDDESK-BASIC")
        assert plan is not None
        loaded = {ch.name: ch for ch in uow.catalog.list_charges(ctx.tenant_id, [plan.id])}
    assert loaded["Activation"].tiers_in("USD")[0].price == Decimal(25)
    assert loaded["Basic onboarding"].tiers_in("USD")[0].price == Decimal(99)
    recurring = read_catalog_file(DEMO)
    recurring["products"][0]["ratePlans"][0]["charges"][0]["billCycleType"] = "SpecificDayofMonth"
    with pytest.raises(DomainError) as info:
        _load(container, session, recurring)
    assert info.value.message.startswith("products[0].ratePlans[0].charges[0]")
    assert "BillCycleDay is required" in info.value.message


def test_ids_in_the_file_are_kept_and_matched(container: Container, session: Session) -> None:
    """decisions.md CI2: an `id` creates the object with it, and matches it the next time
    (here a renamed SKU, plan and charge are updated, not added)."""
    ids = ("a" * 32, "b" * 32, "c" * 32)

    def document(suffix: str) -> dict[str, object]:
        charge = {"id": ids[2], "name": f"Fee{suffix}", "type": "OneTime", "model": "FlatFee",
                  "price": {"USD": 5}}  # fmt: skip
        plan = {"id": ids[1], "name": f"Plan{suffix}", "charges": [charge]}
        return {"products": [{"id": ids[0], "sku": f"SKU{suffix}", "name": "P",
                              "ratePlans": [plan]}]}  # fmt: skip

    assert _load(container, session, document("")).startswith("products: 1 created")
    assert _load(container, session, document("-2")) == (
        "products: 0 created, 1 updated; rate plans: 0 created, 1 updated; "
        "charges: 0 created, 1 updated"
    )
    with container.uow_factory(read_only=True) as uow:
        [product] = uow.catalog.list_products(session.tenant_id, offset=0, limit=5)
        charge = uow.catalog.get_charge(session.tenant_id, ids[2])
    assert (product.id, product.sku) == (ids[0], "SKU-2")
    assert charge is not None and (charge.name, charge.product_rate_plan_id) == ("Fee-2", ids[1])
    with pytest.raises(DomainError, match=r"products\[0\] \(Id\): 'Id' must be 1 to 32"):
        _load(container, session, {"products": [{"id": "x" * 33, "sku": "S", "name": "N"}]})


def _decimal_tiers(*rows: tuple[str, str | None, str]) -> list[dict[str, Decimal]]:
    out = []
    for start, end, price in rows:
        row = {"startingUnit": Decimal(start), "price": Decimal(price)}
        if end is not None:
            row["endingUnit"] = Decimal(end)
        out.append(row)
    return out


def test_decimal_tier_boundaries(container: Container, session: Session) -> None:
    """A fractional boundary is shared by the tiers it separates (RK9): 0-0.5, 0.5-2.5,
    2.5 and up; whole-unit tiers still follow on (1-10, 11-50)."""
    document = read_catalog_file(DEMO)
    seats = next(
        c for c in document["products"][0]["ratePlans"][1]["charges"] if c["name"] == "Pro seats"
    )
    tiers = _decimal_tiers(("0", "0.5", "10"), ("0.5", "2.5", "8"), ("2.5", None, "5"))
    seats["tiers"] = {"USD": tiers, "EUR": tiers}
    _load(container, session, document)
    with container.uow_factory(read_only=True) as uow:
        ctx = _ctx(container, session)
        tree = catalog.product_tree(uow, ctx, catalog.find_product(uow, ctx, "CLOUDDESK"))
    charge = next(ch for p in tree.plans for ch in p.charges if ch.name == "Pro seats")
    assert [(t.starting_unit, t.ending_unit) for t in charge.tiers_in("USD")] == [
        (Decimal("0"), Decimal("0.5")),
        (Decimal("0.5"), Decimal("2.5")),
        (Decimal("2.5"), None),
    ]
    # 3 seats, graduated: 0.5 x 10 + 2 x 8 + 0.5 x 5 = 5 + 16 + 2.5 = 23.5
    assert price_for_quantity(charge.charge_model, charge.tiers_in("USD"), Decimal(3)) == Decimal(
        "23.5"
    )
    # A fractional gap is refused, naming where the tier must start.
    seats["tiers"] = {"USD": _decimal_tiers(("0", "0.5", "10"), ("0.6", None, "8"))}
    with pytest.raises(DomainError) as info:
        _load(container, session, document)
    assert "a gap between tier 1 (EndingUnit 0.5) and tier 2 (StartingUnit 0.6)" in (
        info.value.message
    )
    assert "StartingUnit must be 0.5" in info.value.message


def test_a_charge_model_zorders_lacks_is_named(container: Container, session: Session) -> None:
    document = read_catalog_file(DEMO)
    document["products"][0]["ratePlans"][0]["charges"][0]["model"] = "HighWatermarkTieredPricing"
    with pytest.raises(DomainError) as info:
        _load(container, session, document)
    assert info.value.message.startswith(
        "products[0].ratePlans[0].charges[0].model: charge model "
        "'HighWatermarkTieredPricing' is not supported by zorders (it prices: FlatFee, "
    ), info.value.message
