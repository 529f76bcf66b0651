"""The catalog browser and the tenant clock. Plain HTTP, values worked out by hand (see
tests/console/pages_support.py for the world and its arithmetic)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.test_clock import DEMO
from tests.console.conftest import World, sign_in
from tests.console.pages_support import (
    Node,
    Page,
    api_get,
    api_post,
    clock_today,
    open_page,
    post_form,
    rows_of,
    usd,
)
from tests.support.test_mode import SandboxApi

# -- the catalog ---------------------------------------------------------------------------


@pytest.fixture
def catalog_console(sandbox: SandboxApi) -> Iterator[TestClient]:
    """A tenant with the demo catalog and nothing else, signed in."""
    tenant = sandbox.new_tenant(now="2025-01-01T00:00:00Z", catalog=DEMO)
    with TestClient(sandbox.client.app, raise_server_exceptions=False) as browser:
        done = sign_in(browser, tenant["clientId"], tenant["clientSecret"])
        assert done.status_code == 303, done.text
        yield browser


def _plan_tables(page: Page) -> dict[str, list[list[str]]]:
    """Each plan's charges table by the plan's name (its h3's first word(s))."""
    tables: dict[str, list[list[str]]] = {}
    for section in page.root.all("section", class_="product"):
        heading: str | None = None
        for child in section.children:
            if isinstance(child, Node) and child.tag == "h3":
                small = child.one("small").text()
                heading = child.text().removesuffix(small).strip()
            elif isinstance(child, Node) and child.tag == "table" and heading:
                tables[heading] = rows_of(child)
    return tables


def test_the_catalog_lists_products_plans_and_prices_per_currency(
    catalog_console: TestClient,
) -> None:
    page = open_page(catalog_console, "/console/catalog")
    products = [s.one("h2").text() for s in page.root.all("section", class_="product")]
    assert products == [
        "CloudDesk CLOUDDESK · Active · 2020-01-01 – 2099-12-31",
        "CloudDesk Add-ons CLOUDDESK-ADDONS · Active · 2020-01-01 – 2099-12-31",
        "CloudDesk Discounts CLOUDDESK-DISCOUNTS · Active · 2020-01-01 – 2099-12-31",
    ]
    plans = _plan_tables(page)
    assert list(plans) == [
        "Basic",
        "Pro",
        "Enterprise",
        "Extra storage",
        "Priority support",
        "10% off",
    ]
    # The demo catalog prices every charge in USD and EUR (sorted: EUR first); a charge's
    # first row carries its name, type, model and billing, the second only currency, price.
    assert plans["Basic"] == [
        [
            "Basic platform fee CLOUDDESK-BASIC-PLATFORM",
            "Recurring",
            "FlatFee",
            "Month, IN_ADVANCE",
            "EUR",
            "27.00 EUR FlatFee",
        ],
        ["USD", "29.00 USD FlatFee"],
        [
            "Basic seats CLOUDDESK-BASIC-SEATS",
            "Recurring",
            "PerUnit",
            "Month, IN_ADVANCE, per Seat",
            "EUR",
            "11.00 EUR PerUnit",
        ],
        ["USD", "12.00 USD PerUnit"],
        [
            "Basic onboarding CLOUDDESK-BASIC-SETUP",
            "OneTime",
            "FlatFee",
            "Month, IN_ADVANCE",
            "EUR",
            "89.00 EUR FlatFee",
        ],
        ["USD", "99.00 USD FlatFee"],
    ]
    currencies = {row[-2] for rows in plans.values() for row in rows}
    assert currencies == {"EUR", "USD"}
    # Tiers: each with its units.
    pro_seats = plans["Pro"][2:4]
    assert (
        pro_seats[0][-1]
        == "1–10: 14.00 EUR PerUnit 11–50: 11.00 EUR PerUnit 51–∞: 8.00 EUR PerUnit"
    )
    assert pro_seats[1] == [
        "USD",
        "1–10: 15.00 USD PerUnit 11–50: 12.00 USD PerUnit 51–∞: 9.00 USD PerUnit",
    ]
    assert plans["Enterprise"][1] == ["USD", "9,900.00 USD FlatFee"]
    assert plans["Priority support"][1] == ["USD", "49.00 USD FlatFee"]
    assert plans["10% off"][0][2] == "DiscountPercentage"
    assert plans["10% off"][1][-1].startswith("10%")


def test_the_catalog_keeps_prices_finer_than_a_cent(catalog_console: TestClient) -> None:
    plans = _plan_tables(open_page(catalog_console, "/console/catalog"))
    # Pro API calls: 0.002 USD, 0.0018 EUR per call; storage above 1000 GB: 0.045 EUR.
    assert plans["Pro"][4][-1] == "0.0018 EUR PerUnit"
    assert plans["Pro"][5] == ["USD", "0.002 USD PerUnit"]
    assert plans["Extra storage"][0][-1].endswith("1001–∞: 0.045 EUR PerUnit")


# -- the clock -----------------------------------------------------------------------------


def test_the_clock_shows_today_and_a_month_with_nothing_due(
    world: World, console_a: TestClient
) -> None:
    page = open_page(console_a, "/console/clock")
    assert page.text_of("clock-today") == "2025-01-01"
    assert page.text_of("clock-now") == "2025-01-01T00:00:00+00:00"
    assert page.text_of("tenant-today") == "2025-01-01"
    assert page.root.all(id="move-summary") == []

    moved = post_form(console_a, "/console/clock", {"months": "1"})
    assert moved.text_of("clock-today") == "2025-02-01"
    assert moved.text_of("tenant-today") == "2025-02-01"  # the header follows at once
    assert clock_today(world) == "2025-02-01"
    summary = moved.by_id("move-summary")
    # Nothing is scheduled in this tenant and no worker bills on its own: no job ran.
    assert summary.one("p").text() == (
        "From 2025-01-01T00:00:00+00:00 to 2025-02-01T00:00:00+00:00: 0 job(s)."
    )
    assert summary.all("table") == []
    # So February is not billed by the move: still the one invoice (the API agrees).
    account = open_page(console_a, f"/console/accounts/{world.account}")
    assert [r[0] for r in account.rows("invoices")] == [world.invoice]
    listed = api_get(world, f"/v1/transactions/invoices/accounts/{world.account}")
    assert [i["invoiceNumber"] for i in listed["invoices"]] == [world.invoice]


def test_a_bill_run_falling_due_in_the_move_bills_february(
    world: World, console_a: TestClient
) -> None:
    run = api_post(
        world,
        world.a,
        "/v1/bill-runs",
        {
            "schedule": {"repeatFrom": "2025-01-31", "repeatType": "None", "runTime": 12},
            "targetDate": "2025-02-01",
        },
    )
    assert run["status"] == "Pending" and run["scheduledExecutionTime"] == "2025-01-31 12:00:00"
    moved = post_form(console_a, "/console/clock", {"months": "1"})
    summary = moved.by_id("move-summary")
    # The schedule's job on Jan 31 at 12:00 starts the bill run, which runs at once.
    assert summary.one("p").text() == (
        "From 2025-01-01T00:00:00+00:00 to 2025-02-01T00:00:00+00:00: 2 job(s)."
    )
    by_kind = summary.one("ul", aria_label="Jobs by kind")
    assert [li.text() for li in by_kind.own("li")] == [
        "bill run: 1 done",
        "scheduled bill run: 1 done",
    ]
    did = summary.one("ul", aria_label="What the jobs did")
    assert [li.text() for li in did.own("li")] == ["bill runs: 1", "invoices: 1"]
    assert rows_of(summary.one("table", id="jobs")) == [
        ["2025-01-31 12:00:00 UTC", "scheduled_bill_run", "done", "1", ""],
        ["2025-01-31 12:00:00 UTC", "bill_run", "done", "1", ""],
    ]
    # The run, dated its run day, bills what is due by Feb 1: February's platform 29 +
    # seats 3 × 12 = 36 → 65.00 (the 8 seats start in March; onboarding was billed).
    account = open_page(console_a, f"/console/accounts/{world.account}")
    invoices = account.rows("invoices")
    assert len(invoices) == 2 and invoices[1][0] == world.invoice
    new = invoices[0]
    # A bill run posts nothing unless told to (autoPost false): a draft.
    assert new[1:] == ["2025-01-31", "Draft", "65.00 USD", "65.00 USD"]
    api = api_get(world, f"/v1/invoices/{new[0]}")
    assert (api["invoiceDate"], api["status"], usd(api["amount"])) == (
        "2025-01-31",
        "Draft",
        "65.00 USD",
    )
    # A draft is not owed yet: the account's balance is still 64.00, as the API says.
    assert account.text_of("account-balance") == "64.00 USD"
    assert usd(api_get(world, f"/v1/accounts/{world.account}")["metrics"]["balance"]) == (
        "64.00 USD"
    )
    bill = open_page(console_a, f"/console/invoices/{new[0]}")
    assert [r[2] for r in bill.rows("items")] == ["2025-02-01 – 2025-02-28"] * 2


def test_bad_clock_input_is_refused_and_moves_nothing(world: World, console_a: TestClient) -> None:
    for form, message in [
        ({"days": "abc"}, "days: must be a whole number."),
        ({"months": "-1"}, "months: must be a whole number."),
        ({"until": "2025-13-01"}, "until: must be a date (yyyy-mm-dd)."),
        ({"days": "0"}, "days: must be between 1 and 36525."),
        (
            {"until": "2024-12-01"},
            "until: The clock only moves forward: it is 2025-01-01T00:00:00+00:00 now.",
        ),
        ({}, "days: Give exactly one of days, months or until."),
    ]:
        page = post_form(console_a, "/console/clock", form, status=400)
        assert page.root.one(role="alert").text() == message, form
        assert page.text_of("clock-today") == "2025-01-01"
        # The form keeps what was typed.
        for name, value in form.items():
            assert page.root.one("input", id=name).attrs["value"] == value
        assert page.root.all(id="move-summary") == []
        assert clock_today(world) == "2025-01-01"


def test_advancing_into_the_suspension_shows_it(world: World, console_a: TestClient) -> None:
    moved = post_form(console_a, "/console/clock", {"until": "2025-05-10"})
    assert moved.text_of("clock-today") == "2025-05-10"
    account = open_page(console_a, f"/console/accounts/{world.account}")
    # Suspended from May 1 to June 1; contracted MRR on May 10 is 29 + 8 × 12 = 125.00
    # (a suspension does not change it, decisions RK5).
    [row] = account.rows("subscriptions")
    assert (row[1], row[-1]) == ("Suspended", "125.00 USD")
    page = open_page(console_a, f"/console/subscriptions/{world.subscription}")
    assert page.text_of("subscription-status") == "Suspended"
    sub = api_get(world, f"/v1/subscriptions/{world.subscription}")
    assert (sub["status"], usd(sub["contractedMrr"])) == ("Suspended", "125.00 USD")
