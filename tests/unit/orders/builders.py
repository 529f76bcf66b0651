"""A small catalog, a deterministic IdSource and helpers that build order actions.

Catalog (all USD):
- product CloudDesk with two plans of one grading group:
  - Basic (grade 1): Platform FlatFee recurring monthly 100; Seats PerUnit recurring monthly
    10 a seat, default quantity 5, 1..100 seats; Storage Tiered recurring monthly (1-10 GB at
    2.00, 11+ GB at 1.00, default 20 GB); Setup OneTime flat 500; Loyalty 10% discount.
  - Pro (grade 2): Pro Platform FlatFee recurring monthly 200; Pro Seats PerUnit 12, default 5.
  - Lite (grade 0): Lite Platform FlatFee recurring monthly 50.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from zorders.domain.calendar import PeriodType
from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    PriceFormat,
)
from zorders.domain.catalog.model import (
    ChargeTier,
    Product,
    ProductRatePlan,
    ProductRatePlanCharge,
)
from zorders.domain.orders import engine
from zorders.domain.orders.actions import (
    ActionPayload,
    AddProduct,
    CancelSubscription,
    CatalogPlan,
    ChangePlan,
    ChargeOverride,
    CreateSubscription,
    InitialTerms,
    NewRatePlan,
    OrderAction,
    OrderActionType,
    OwnerTransfer,
    RemoveProduct,
    RenewSubscription,
    Resume,
    Suspend,
    TermsAndConditions,
    TriggerDates,
    UpdateProduct,
)
from zorders.domain.orders.apply.common import ActionEnv, Applied, TenantRules
from zorders.domain.subscription.model import (
    Charge,
    RatePlan,
    Subscription,
    TermLength,
    TermType,
)

D = Decimal
USD = "USD"


def usd(tier: int, price: str, start: str | None = None, end: str | None = None) -> ChargeTier:
    return ChargeTier(
        currency=USD,
        tier=tier,
        price=D(price),
        price_format=PriceFormat.PER_UNIT,
        starting_unit=None if start is None else D(start),
        ending_unit=None if end is None else D(end),
    )


PRODUCT = Product(
    id="prod-clouddesk",
    name="CloudDesk",
    sku="SKU-CLOUDDESK",
    effective_start_date=date(2020, 1, 1),
    effective_end_date=date(2099, 12, 31),
)

BASIC = ProductRatePlan(
    id="prp-basic",
    product_id=PRODUCT.id,
    name="Basic",
    active_currencies=(USD,),
    product_rate_plan_number="PRP-00000001",
    grade=1,
)
PLATFORM = ProductRatePlanCharge(
    id="prpc-platform",
    product_rate_plan_id=BASIC.id,
    name="Platform",
    charge_type=ChargeType.RECURRING,
    charge_model=ChargeModel.FLAT_FEE,
    tiers=(usd(1, "100"),),
)
SEATS = ProductRatePlanCharge(
    id="prpc-seats",
    product_rate_plan_id=BASIC.id,
    name="Seats",
    charge_type=ChargeType.RECURRING,
    charge_model=ChargeModel.PER_UNIT,
    tiers=(usd(1, "10"),),
    default_quantity=D(5),
    min_quantity=D(1),
    max_quantity=D(100),
    uom="Seat",
)
STORAGE_TIERS = (usd(1, "2.00", "1", "10"), usd(2, "1.00", "11"))
STORAGE = ProductRatePlanCharge(
    id="prpc-storage",
    product_rate_plan_id=BASIC.id,
    name="Storage",
    charge_type=ChargeType.RECURRING,
    charge_model=ChargeModel.TIERED,
    tiers=STORAGE_TIERS,
    default_quantity=D(20),
    uom="GB",
)
SETUP = ProductRatePlanCharge(
    id="prpc-setup",
    product_rate_plan_id=BASIC.id,
    name="Setup",
    charge_type=ChargeType.ONE_TIME,
    charge_model=ChargeModel.FLAT_FEE,
    tiers=(usd(1, "500"),),
)
LOYALTY = ProductRatePlanCharge(
    id="prpc-loyalty",
    product_rate_plan_id=BASIC.id,
    name="Loyalty",
    charge_type=ChargeType.RECURRING,
    charge_model=ChargeModel.DISCOUNT_PERCENTAGE,
    tiers=(ChargeTier(currency=USD, tier=1, price=D(0), discount_percentage=D(10)),),
    apply_discount_to=ApplyDiscountTo.RECURRING,
    discount_level=DiscountLevel.RATEPLAN,
)
BASIC_CHARGES = (PLATFORM, SEATS, STORAGE, SETUP, LOYALTY)

PRO = ProductRatePlan(
    id="prp-pro",
    product_id=PRODUCT.id,
    name="Pro",
    active_currencies=(USD,),
    product_rate_plan_number="PRP-00000002",
    grade=2,
)
PRO_PLATFORM = ProductRatePlanCharge(
    id="prpc-pro-platform",
    product_rate_plan_id=PRO.id,
    name="Pro Platform",
    charge_type=ChargeType.RECURRING,
    charge_model=ChargeModel.FLAT_FEE,
    tiers=(usd(1, "200"),),
)
PRO_SEATS = replace(SEATS, id="prpc-pro-seats", product_rate_plan_id=PRO.id, tiers=(usd(1, "12"),))

LITE = ProductRatePlan(
    id="prp-lite",
    product_id=PRODUCT.id,
    name="Lite",
    active_currencies=(USD,),
    product_rate_plan_number="PRP-00000003",
    grade=0,
)
LITE_PLATFORM = replace(PLATFORM, id="prpc-lite-platform", product_rate_plan_id=LITE.id)
LITE_PLATFORM = replace(LITE_PLATFORM, name="Lite Platform", tiers=(usd(1, "50"),))

BASIC_PLAN = CatalogPlan(PRODUCT, BASIC, BASIC_CHARGES)
PRO_PLAN = CatalogPlan(PRODUCT, PRO, (PRO_PLATFORM, PRO_SEATS))
LITE_PLAN = CatalogPlan(PRODUCT, LITE, (LITE_PLATFORM,))


def single_charge_plan(charge: ProductRatePlanCharge, plan_id: str = "prp-single") -> CatalogPlan:
    """A one-charge plan of the product (for end-date and pricing tables)."""
    plan = ProductRatePlan(
        id=plan_id, product_id=PRODUCT.id, name="Single", active_currencies=(USD,)
    )
    return CatalogPlan(PRODUCT, plan, (replace(charge, product_rate_plan_id=plan_id),))


class Ids:
    """Deterministic ids: "id-1", "id-2"... and charge numbers "C-00000001"..."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._numbers = itertools.count(1)

    def new_id(self) -> str:
        return f"id-{next(self._ids)}"

    def charge_number(self) -> str:
        return f"C-{next(self._numbers):08d}"


def make_env(
    today: date = date(2025, 1, 31),
    rules: TenantRules | None = None,
    ids: Ids | None = None,
    order_number: str = "O-00000001",
) -> ActionEnv:
    return ActionEnv(
        today=today, ids=ids or Ids(), order_number=order_number, rules=rules or TenantRules()
    )


_TYPES: dict[type[Any], OrderActionType] = {
    CreateSubscription: OrderActionType.CREATE_SUBSCRIPTION,
    AddProduct: OrderActionType.ADD_PRODUCT,
    UpdateProduct: OrderActionType.UPDATE_PRODUCT,
    RemoveProduct: OrderActionType.REMOVE_PRODUCT,
    RenewSubscription: OrderActionType.RENEW_SUBSCRIPTION,
    CancelSubscription: OrderActionType.CANCEL_SUBSCRIPTION,
    Suspend: OrderActionType.SUSPEND,
    Resume: OrderActionType.RESUME,
    TermsAndConditions: OrderActionType.TERMS_AND_CONDITIONS,
    OwnerTransfer: OrderActionType.OWNER_TRANSFER,
    ChangePlan: OrderActionType.CHANGE_PLAN,
}


def action(
    payload: ActionPayload,
    ce: date,
    sa: date | None = None,
    ca: date | None = None,
) -> OrderAction:
    """An order action of the payload's type with the given trigger dates."""
    return OrderAction(
        type=_TYPES[type(payload)],
        payload=payload,
        trigger_dates=TriggerDates(
            contract_effective=ce, service_activation=sa, customer_acceptance=ca
        ),
    )


def new_plan(
    catalog: CatalogPlan = BASIC_PLAN,
    *overrides: ChargeOverride,
    token: str | None = None,
) -> NewRatePlan:
    return NewRatePlan(catalog=catalog, charge_overrides=overrides, unique_token=token)


def termed(
    months: int = 12, period_type: PeriodType = PeriodType.MONTH, **extra: Any
) -> InitialTerms:
    return InitialTerms(
        term_type=TermType.TERMED, initial_term=TermLength(months, period_type), **extra
    )


EVERGREEN = InitialTerms(term_type=TermType.EVERGREEN)


def create_payload(
    terms: InitialTerms | None = None,
    plans: tuple[NewRatePlan, ...] | None = None,
    currency: str = USD,
) -> CreateSubscription:
    return CreateSubscription(
        terms=terms or termed(),
        rate_plans=(new_plan(),) if plans is None else plans,
        account_id="acc-1",
        invoice_owner_account_id="acc-1",
        currency=currency,
        subscription_number="A-S00000001",
    )


def create(
    start: date = date(2025, 1, 31),
    terms: InitialTerms | None = None,
    plans: tuple[NewRatePlan, ...] | None = None,
    env: ActionEnv | None = None,
    sa: date | None = None,
    ca: date | None = None,
) -> Applied:
    payload = create_payload(terms, plans)
    return engine.apply_action(None, action(payload, start, sa, ca), env or make_env(today=start))


def subscription(
    start: date = date(2025, 1, 31),
    terms: InitialTerms | None = None,
    plans: tuple[NewRatePlan, ...] | None = None,
    env: ActionEnv | None = None,
) -> Subscription:
    """Version 1 of A-S00000001, created from Basic on `start` (12 months TERMED by default)."""
    return create(start, terms, plans, env).subscription


def next_version(
    sub: Subscription, env: ActionEnv, order_number: str = "O-00000002"
) -> Subscription:
    return engine.begin_version(sub, env.ids, order_number)


def run(
    sub: Subscription | None, payload: ActionPayload, env: ActionEnv, ce: date, **dates: date
) -> Applied:
    return engine.apply_action(sub, action(payload, ce, dates.get("sa"), dates.get("ca")), env)


def plan_named(sub: Subscription, name: str) -> RatePlan:
    return next(p for p in sub.rate_plans if p.name == name)


def charge_named(sub: Subscription, name: str) -> Charge:
    return next(c for c in sub.all_charges() if c.name == name)


def spans(charge: Charge) -> list[tuple[date, date | None]]:
    return [(s.start, s.end) for s in charge.segments]
