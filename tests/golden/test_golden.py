"""The golden corpus: hand-computed billing scenarios as data (tests/golden/*.yaml).

Each file describes charges (with their segments), the billing facts, and a sequence of
billing runs; before a run the charges may be amended (new segments); each run must add
exactly the expected items. Service end dates are inclusive in the files, as on Zuora's
invoices. The expected amounts were computed by hand from the rules, never copied from
the engine's output. Format: tests/golden/README.md.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.billing import stored
from zorders.domain.billing.engine import bill
from zorders.domain.billing.items import DocumentItem
from zorders.domain.billing.periods import BillingFacts
from zorders.domain.billing.proration import ProrationRule
from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    ListPriceBase,
    PriceFormat,
    WeeklyBillCycleDay,
)
from zorders.domain.catalog.model import ChargeTier
from zorders.domain.subscription.model import (
    Charge,
    RatePlan,
    Segment,
    Subscription,
    Suspension,
    TermLength,
    Terms,
    TermType,
)

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*.yaml"))


class _Loader(yaml.SafeLoader):
    """Numbers as Decimal, never float."""


_Loader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: Decimal(str(loader.construct_scalar(node))),  # type: ignore[arg-type]
)


def _d(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _segments(rows: list[dict[str, Any]]) -> tuple[Segment, ...]:
    out = []
    for n, row in enumerate(rows, start=1):
        end = row.get("end")
        out.append(
            Segment(
                segment=n,
                start=row["start"],
                end=end + timedelta(days=1) if end is not None else None,  # inclusive in files
                quantity=_d(row.get("quantity")),
                price=_d(row.get("price")),
                tiers=tuple(
                    ChargeTier(
                        currency="USD",
                        tier=i,
                        price=Decimal(str(t["price"])),
                        price_format=PriceFormat(t.get("priceFormat", "PerUnit")),
                        starting_unit=_d(t.get("from")),
                        ending_unit=_d(t.get("to")),
                    )
                    for i, t in enumerate(row.get("tiers") or [], start=1)
                ),
                overage_price=_d(row.get("overagePrice")),
                included_units=_d(row.get("includedUnits")),
                discount_percentage=_d(row.get("discountPercentage")),
            )
        )
    return tuple(out)


def _charge(spec: dict[str, Any]) -> Charge:
    segments = _segments(spec["segments"])
    return Charge(
        id=spec["number"],
        original_id=spec["number"],
        number=spec["number"],
        product_rate_plan_charge_id=spec["number"],
        name=spec.get("name", spec["number"]),
        charge_type=ChargeType(spec.get("type", "Recurring")),
        charge_model=ChargeModel(spec.get("model", "PerUnit")),
        segments=segments,
        trigger_date=segments[0].start if segments else None,
        bill_cycle_type=BillCycleType(spec.get("billCycleType", "DefaultFromCustomer")),
        bill_cycle_day=spec.get("billCycleDay"),
        weekly_bill_cycle_day=WeeklyBillCycleDay(spec["weeklyBillCycleDay"])
        if spec.get("weeklyBillCycleDay")
        else None,
        billing_period=BillingPeriod(spec.get("billingPeriod", "Month")),
        specific_billing_period=spec.get("specificBillingPeriod"),
        billing_period_alignment=BillingPeriodAlignment(spec.get("alignment", "AlignToCharge")),
        billing_timing=BillingTiming(spec.get("billingTiming", "IN_ADVANCE")),
        list_price_base=ListPriceBase(spec.get("listPriceBase", "Per_Billing_Period")),
        specific_list_price_base=spec.get("specificListPriceBase"),
        apply_discount_to=ApplyDiscountTo(spec["applyDiscountTo"])
        if spec.get("applyDiscountTo")
        else None,
        discount_level=DiscountLevel(spec["discountLevel"]) if spec.get("discountLevel") else None,
        uom=spec.get("uom"),
    )


def _subscription(scenario: dict[str, Any], charges: dict[str, Charge]) -> Subscription:
    facts = scenario["facts"]
    start = facts["subscriptionStart"]
    term_end = facts.get("termEnd")
    plan = RatePlan("rp", "rp", "p", "Product", "SKU", "prp", None, "Plan", tuple(charges.values()))
    return Subscription(
        id="s",
        number="A-S00000001",
        version=1,
        account_id="a",
        invoice_owner_account_id="a",
        currency=scenario.get("currency", "USD"),
        contract_effective_date=start,
        service_activation_date=start,
        customer_acceptance_date=start,
        subscription_start_date=start,
        terms=Terms(
            TermType.TERMED if term_end else TermType.EVERGREEN,
            facts.get("termStart", start),
            term_end,
            TermLength(12, PeriodType.MONTH),
            TermLength(12, PeriodType.MONTH),
            auto_renew=bool(facts.get("autoRenew")),
        ),
        rate_plans=(plan,),
        suspensions=tuple(
            Suspension(s["suspend"], s.get("resume")) for s in scenario.get("suspensions") or []
        ),
    )


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden(path: Path) -> None:
    scenario = yaml.load(path.read_text(), Loader=_Loader)
    charges = {c["number"]: _charge(c) for c in scenario["charges"]}
    facts_in = scenario["facts"]
    rule = (
        ProrationRule.THIRTY_DAYS if scenario.get("rule") == "thirty" else ProrationRule.ACTUAL_DAYS
    )
    billed: list[DocumentItem] = []
    for index, run in enumerate(scenario["runs"]):
        for number, change in (run.get("amend") or {}).items():
            charges[number] = replace(charges[number], segments=_segments(change["segments"]))
        for suspension in run.get("suspend") or []:
            scenario.setdefault("suspensions", []).append(suspension)
        subscription = _subscription(scenario, charges)
        facts = BillingFacts(
            account_bcd=facts_in.get("accountBcd", 1),
            subscription_start=facts_in["subscriptionStart"],
            term_start=facts_in.get("termStart", facts_in["subscriptionStart"]),
            term_end=facts_in.get("termEnd"),
            auto_renew=bool(facts_in.get("autoRenew")),
        )
        result = bill(subscription, facts, run["target"], billed, rule)
        got = sorted(
            (
                i.charge_number,
                str(i.service_start),
                str(i.service_end - timedelta(days=1)),
                str(i.amount),
            )
            for i in result.items
        )
        expected = sorted(
            (
                e["charge"],
                str(e["start"]),
                str(e["end"]),
                str(Decimal(str(e["amount"])).quantize(Decimal("0.01"))),
            )
            for e in run.get("expect") or []
        )
        assert got == expected, f"{path.name} run {index} (target {run['target']})"
        if "total" in run:
            assert sum((i.amount for i in result.items), Decimal(0)) == Decimal(str(run["total"]))
        billed.extend(stored(result.items))


def test_the_corpus_is_there() -> None:
    assert FILES, "tests/golden holds the scenarios"
