"""A Zuora catalog, with its ids (`zorders catalog import FILE.json`, issue 13).

The input is what Zuora answers to `GET /v1/catalog/products`: one page
`{products: [...], nextPage, success}`, several pages one after the other, or a JSON list of
pages. Products embed their rate plans (`productRatePlans` as a list: no `Zuora-Version`
header or 229.0 and below), plans their `productRatePlanCharges`, charges their `pricing`
per currency. Every object is recreated with its id, number, name, dates, prices and
custom fields (`*__c`, `*__NS`); an object whose id the tenant has is updated
(decisions.md CI2). Keys zorders does not store are ignored and listed in the report
(CI4). The whole import is one transaction: a bad value names its product, plan or charge
and its field, and nothing is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from zorders.domain.catalog.enums import (
    ApplyDiscountTo,
    BillCycleType,
    BillingPeriod,
    BillingPeriodAlignment,
    BillingTiming,
    ChargeModel,
    ChargeType,
    DiscountLevel,
    EndDateCondition,
    ListPriceBase,
    ProductCategory,
    TriggerEvent,
    UpToPeriodsType,
    WeeklyBillCycleDay,
)
from zorders.domain.errors import DomainError
from zorders.domain.limits import check_document
from zorders.services.catalog_file import DEFAULT_END, DEFAULT_START, load_catalog
from zorders.services.catalog_nodes import LoadReport, Node, fail, is_custom, located
from zorders.services.catalog_pricing import tiers_from_pricing
from zorders.services.catalog_upsert import upsert_charge, upsert_plan, upsert_product
from zorders.services.catalog_yaml import read_catalog_text
from zorders.services.context import CommandContext
from zorders.services.ports import UnitOfWork

# The keys each object's reader uses (others are ignored and reported).
_PRODUCT_READ = frozenset(
    [
        "id",
        "sku",
        "name",
        "description",
        "category",
        "productNumber",
        "effectiveStartDate",
        "effectiveEndDate",
        "allowFeatureChanges",
        "productRatePlans",
        "customFields",
    ]
)
_PLAN_READ = frozenset(
    [
        "id",
        "name",
        "description",
        "productRatePlanNumber",
        "effectiveStartDate",
        "effectiveEndDate",
        "grade",
        "activeCurrencies",
        "productRatePlanCharges",
        "customFields",
        "status",
    ]
)
_CHARGE_READ = frozenset(
    [
        "id",
        "name",
        "type",
        "model",
        "description",
        "productRatePlanChargeNumber",
        "uom",
        "pricing",
        "defaultQuantity",
        "minQuantity",
        "maxQuantity",
        "includedUnits",
        "applyDiscountTo",
        "discountLevel",
        "endDateCondition",
        "upToPeriods",
        "upToPeriodsType",
        "billingDay",
        "listPriceBase",
        "specificListPriceBase",
        "billingTiming",
        "billingPeriod",
        "billingPeriodAlignment",
        "specificBillingPeriod",
        "triggerEvent",
        "taxable",
        "taxCode",
        "customFields",
        "pricingSummary",
    ]
)
# Keys of a page besides its products.
_PAGE_READ = frozenset({"products", "nextPage", "success", "processId", "requestId", "reasons"})


def read_pages(text: str) -> list[Any]:
    """The pages of a file: one JSON value, a list of pages, or pages one after another.
    Numbers are read as Decimal. ValueError (with the position) if it is not JSON."""
    decoder = json.JSONDecoder(parse_float=Decimal)
    values: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as err:
            raise ValueError(
                f"not JSON at line {err.lineno} column {err.colno}: {err.msg}"
            ) from err
        values.extend(value if isinstance(value, list) else [value])
    if not values:
        raise ValueError("the file is empty")
    return values


def import_catalog(uow: UnitOfWork, ctx: CommandContext, pages: Sequence[Any]) -> LoadReport:
    """Create or update every product of `pages` (see read_pages) in the caller's unit of
    work; the caller commits."""
    report = LoadReport()
    seen: set[str] = set()
    index = 0
    for number, raw in enumerate(pages, start=1):
        where = f"page {number}" if len(pages) > 1 else "catalog"
        try:
            page_value = check_document(raw)
        except DomainError as err:
            raise fail(f"{where}: {err.field or ''}".rstrip(": "), err.message) from err
        page = Node(page_value, where, None)
        if page.value.get("success") is False:
            raise fail(page.at("success"), "is false: the page is an error answer, not a catalog")
        if "products" not in page.value:
            raise fail(page.at("products"), "is missing: expected Zuora's GET /v1/catalog/products")
        _ignore(page, _PAGE_READ, report, "")
        for raw_product in page.items("products"):
            node = Node(raw_product, f"products[{index}]", None)
            index += 1
            key = node.text("id") or node.text("sku") or ""
            node.path = f"{node.path} ({_label(node)})"
            if key in seen:
                raise fail(node.path, f"'{key}' appears twice in the file")
            seen.add(key)
            with located(node.path):
                _import_product(uow, ctx, node, report)
    return report


def _label(node: Node) -> str:
    """How an error names an object: its id, and its SKU or name."""
    parts = [str(node.value[k]) for k in ("id", "sku", "name") if node.value.get(k)]
    return " ".join(parts[:2]) or "no id"


def _ignore(node: Node, read: frozenset[str], report: LoadReport, kind: str) -> None:
    for key, value in node.value.items():
        if key not in read and not is_custom(key) and value not in (None, [], {}, ""):
            report.ignored.add(f"{kind}.{key}" if kind else str(key))


def _import_product(uow: UnitOfWork, ctx: CommandContext, node: Node, report: LoadReport) -> None:
    _ignore(node, _PRODUCT_READ, report, "product")
    values: dict[str, Any] = {
        "name": node.text("name", required=True),
        "sku": node.text("sku", required=True),
        "description": node.text("description") or "",
        "category": node.enum(ProductCategory, "category"),
        "product_number": node.text("productNumber"),
        "effective_start_date": node.day("effectiveStartDate") or DEFAULT_START,
        "effective_end_date": node.day("effectiveEndDate") or DEFAULT_END,
        "allow_feature_changes": bool(node.boolean("allowFeatureChanges")),
        "custom_fields": node.custom_fields(skip_null=True),
    }
    plans = node.value.get("productRatePlans")
    if isinstance(plans, str):
        raise fail(
            node.at("productRatePlans"),
            f"is a URL ({plans}): export without the Zuora-Version header (or with 229.0 or "
            "earlier) so that products embed their rate plans",
        )
    product = upsert_product(uow, ctx, node.text("id"), values, report)
    for index, raw in enumerate(node.items("productRatePlans")):
        plan = Node(raw, f"{node.path}.productRatePlans[{index}]", None)
        plan.path = f"{plan.path} ({_label(plan)})"
        with located(plan.path):
            _import_plan(uow, ctx, plan, product.id, report)


def _import_plan(
    uow: UnitOfWork, ctx: CommandContext, node: Node, product_id: str, report: LoadReport
) -> None:
    _ignore(node, _PLAN_READ, report, "productRatePlan")
    charges = [
        Node(raw, f"{node.path}.productRatePlanCharges[{index}]", None)
        for index, raw in enumerate(node.items("productRatePlanCharges"))
    ]
    for charge in charges:
        charge.path = f"{charge.path} ({_label(charge)})"
    currencies = [str(c) for c in node.items("activeCurrencies")]
    if not currencies:  # Zuora's answer has none: the currencies the charges are priced in
        for charge in charges:
            for entry in charge.items("pricing"):
                code = entry.get("currency") if isinstance(entry, dict) else None
                if code and str(code) not in currencies:
                    currencies.append(str(code))
    values: dict[str, Any] = {
        "name": node.text("name", required=True),
        "product_rate_plan_number": node.text("productRatePlanNumber"),
        "description": node.text("description") or "",
        "active_currencies": tuple(currencies),
        "grade": node.integer("grade"),
        "effective_start_date": node.day("effectiveStartDate"),
        "effective_end_date": node.day("effectiveEndDate"),
        "custom_fields": node.custom_fields(skip_null=True),
    }
    plan = upsert_plan(uow, ctx, node.text("id"), product_id, values, report)
    for charge in charges:
        with located(charge.path):
            _import_charge(uow, ctx, charge, plan.id, report)


_DAY_OF_MONTH = re.compile(r"^\D*(\d{1,2})\D*$")


def billing_day(node: Node) -> dict[str, Any]:
    """`billingDay` as Zuora and zorders answer it: a bill cycle type
    (`DefaultFromCustomer`, `ChargeTriggerDay`, ...), a day of the month (`15`, or text
    holding one number), or a day of the week (`Monday`)."""
    raw = node.text("billingDay")
    if raw is None:
        return {}
    for reader in (BillCycleType.from_rest, BillCycleType.from_crud):
        try:
            return {"bill_cycle_type": reader(raw)}
        except ValueError:
            pass
    words = re.findall(r"[a-z]+", raw.lower())
    weekday = next((d for d in WeeklyBillCycleDay if d.value.lower() in words), None)
    if weekday is not None:
        return {
            "bill_cycle_type": BillCycleType.SPECIFIC_DAY_OF_WEEK,
            "weekly_bill_cycle_day": weekday,
        }
    match = _DAY_OF_MONTH.match(raw)
    if match is None:
        raise fail(
            node.at("billingDay"),
            "expected a bill cycle type, a day of the month (1 to 31) or a day of the week",
        )
    return {
        "bill_cycle_type": BillCycleType.SPECIFIC_DAY_OF_MONTH,
        "bill_cycle_day": int(match.group(1)),
    }


def _import_charge(
    uow: UnitOfWork,
    ctx: CommandContext,
    node: Node,
    plan_id: str,
    report: LoadReport,
) -> None:
    _ignore(node, _CHARGE_READ, report, "productRatePlanCharge")
    model = node.enum(ChargeModel, "model", required=True)
    assert model is not None
    tiers, pricing_units = tiers_from_pricing(node, model)
    included = node.decimal("includedUnits")
    values: dict[str, Any] = {
        "name": node.text("name", required=True),
        "product_rate_plan_charge_number": node.text("productRatePlanChargeNumber"),
        "description": node.text("description") or "",
        "charge_type": node.enum(ChargeType, "type", required=True),
        "charge_model": model,
        "billing_period": node.enum(BillingPeriod, "billingPeriod") or BillingPeriod.MONTH,
        "specific_billing_period": node.integer("specificBillingPeriod"),
        "billing_timing": node.enum(BillingTiming, "billingTiming") or BillingTiming.IN_ADVANCE,
        "bill_cycle_type": BillCycleType.DEFAULT_FROM_CUSTOMER,
        "billing_period_alignment": node.enum(BillingPeriodAlignment, "billingPeriodAlignment")
        or BillingPeriodAlignment.ALIGN_TO_CHARGE,
        "trigger_event": node.enum(TriggerEvent, "triggerEvent") or TriggerEvent.CONTRACT_EFFECTIVE,
        "list_price_base": node.enum(ListPriceBase, "listPriceBase")
        or ListPriceBase.PER_BILLING_PERIOD,
        "specific_list_price_base": node.integer("specificListPriceBase"),
        "end_date_condition": node.enum(EndDateCondition, "endDateCondition")
        or EndDateCondition.SUBSCRIPTION_END,
        "up_to_periods": node.integer("upToPeriods"),
        "up_to_periods_type": node.enum(UpToPeriodsType, "upToPeriodsType")
        or UpToPeriodsType.BILLING_PERIODS,
        "uom": node.text("uom"),
        "default_quantity": node.decimal("defaultQuantity"),
        "min_quantity": node.decimal("minQuantity"),
        "max_quantity": node.decimal("maxQuantity"),
        "included_units": included if included is not None else pricing_units,
        "apply_discount_to": node.enum(ApplyDiscountTo, "applyDiscountTo"),
        "discount_level": node.enum(DiscountLevel, "discountLevel"),
        "taxable": bool(node.boolean("taxable")),
        "tax_code": node.text("taxCode"),
        "custom_fields": node.custom_fields(skip_null=True),
        "tiers": tiers,
        **billing_day(node),
    }
    upsert_charge(uow, ctx, node.text("id"), plan_id, values, report)


def zuora_pages(document: Any) -> list[Any] | None:
    """The pages of `document` when it is a Zuora catalog export (a page has `success` or
    `nextPage`, a product embeds `productRatePlans`, or there are several pages); None for
    a catalog file (`products[].ratePlans[]`), which loads with services/catalog_file.py."""
    pages = document if isinstance(document, list) else [document]
    if len(pages) > 1:
        return pages
    for page in pages:
        if not isinstance(page, dict):
            continue
        if "success" in page or "nextPage" in page:
            return pages
        products = page.get("products")
        if isinstance(products, list) and any(
            isinstance(p, dict) and "productRatePlans" in p for p in products
        ):
            return pages
    return None


def parse_catalog_text(text: str) -> Any:
    """A catalog given as text (the disposable-tenant endpoint): Zuora's JSON (one page or
    several) or a YAML catalog file. ValueError if it is neither."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            pages = read_pages(text)
        except ValueError:
            pass  # YAML's flow style also starts so
        else:
            return pages if len(pages) > 1 else pages[0]
    try:
        return read_catalog_text(text)
    except Exception as err:  # yaml.YAMLError and its kin
        raise ValueError(f"catalog is neither JSON nor valid YAML: {err}") from None


def load_any_catalog(uow: UnitOfWork, ctx: CommandContext, document: Any) -> LoadReport:
    """A parsed catalog in either format: a Zuora export or a catalog file."""
    pages = zuora_pages(document)
    if pages is not None:
        return import_catalog(uow, ctx, pages)
    if isinstance(document, list) and len(document) == 1:
        document = document[0]
    return load_catalog(uow, ctx, document)
