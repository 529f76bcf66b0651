"""Reading Zuora catalog exports: pages, the billingDay word, the format of a document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zorders.domain.catalog.enums import BillCycleType, WeeklyBillCycleDay
from zorders.domain.errors import DomainError
from zorders.services.catalog_import import billing_day, parse_catalog_text, read_pages, zuora_pages
from zorders.services.catalog_nodes import Node

PAGE = '{"products": [{"id": "a", "price": 1.10}], "success": true}'


def test_one_page_a_list_of_pages_and_pages_one_after_another() -> None:
    assert read_pages(PAGE) == [
        {"products": [{"id": "a", "price": Decimal("1.10")}], "success": True}
    ]
    assert len(read_pages(f"[{PAGE}, {PAGE}]")) == 2
    assert len(read_pages(f"{PAGE}\n{PAGE}{PAGE}\n")) == 3
    assert len(read_pages(f"{PAGE},\n{PAGE}")) == 2


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("  \n", "the file is empty"),
    ('{"products": [', "not JSON at line 1 column 15"),
    (f"{PAGE}\nproducts: []", "not JSON at line 2 column 1"),
])  # fmt: skip
def test_what_is_not_json_says_where(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_pages(text)


def _day(value: str) -> dict[str, Any]:
    return billing_day(Node({"billingDay": value}, "c", None))


def test_billing_day_words() -> None:
    assert _day("DefaultFromCustomer") == {"bill_cycle_type": BillCycleType.DEFAULT_FROM_CUSTOMER}
    assert _day("ChargeTriggerDay") == {"bill_cycle_type": BillCycleType.CHARGE_TRIGGER_DAY}
    assert _day("15") == {
        "bill_cycle_type": BillCycleType.SPECIFIC_DAY_OF_MONTH,
        "bill_cycle_day": 15,
    }
    assert _day("1st of the month")["bill_cycle_day"] == 1
    assert _day("monday") == {
        "bill_cycle_type": BillCycleType.SPECIFIC_DAY_OF_WEEK,
        "weekly_bill_cycle_day": WeeklyBillCycleDay.MONDAY,
    }
    assert _day("SpecificDayofWeek/Friday")["weekly_bill_cycle_day"] is WeeklyBillCycleDay.FRIDAY
    assert billing_day(Node({}, "c", None)) == {}
    with pytest.raises(DomainError, match=r"c.billingDay: expected a bill cycle type"):
        _day("now and then")


def test_a_zuora_export_is_told_from_a_catalog_file() -> None:
    export = {"products": [{"sku": "A", "productRatePlans": []}]}
    assert zuora_pages(export) == [export]
    assert zuora_pages({"products": [], "success": True}) == [{"products": [], "success": True}]
    assert zuora_pages([export, export]) == [export, export]
    assert zuora_pages({"products": [{"sku": "A", "ratePlans": []}]}) is None
    assert zuora_pages([{"products": []}]) is None


def test_catalog_text_is_json_pages_or_yaml() -> None:
    assert parse_catalog_text(PAGE)["success"] is True
    assert len(parse_catalog_text(f"{PAGE}{PAGE}")) == 2
    assert parse_catalog_text("products:\n  - {sku: A, name: A}\n") == {
        "products": [{"sku": "A", "name": "A"}]
    }
    assert parse_catalog_text("{products: []}") == {"products": []}  # YAML flow style
    with pytest.raises(ValueError, match="neither JSON nor valid YAML"):
        parse_catalog_text("products: [unclosed")
