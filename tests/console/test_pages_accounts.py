"""The accounts list, its search and the account page. Plain HTTP, values worked out by hand (see
tests/console/pages_support.py for the world and its arithmetic)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient

from tests.console.conftest import World
from tests.console.pages_support import Page, api_get, b_only, open_page, rows_of, usd

# -- accounts ------------------------------------------------------------------------------


def account_rows(page: Page) -> list[list[str]]:
    rows = page.by_id("account-rows")
    tables = rows.all("table")
    return rows_of(tables[0]) if tables else []


def search(client: TestClient, q: str) -> Page:
    return open_page(client, "/console/accounts?q=" + quote(q, safe=""))


def test_the_account_list_shows_acme_with_its_balance_and_status(
    world: World, console_a: TestClient
) -> None:
    page = open_page(console_a, "/console/accounts")
    # Balance 164 − 100 = 64.00; no credit.
    assert account_rows(page) == [
        [world.account, "Acme Corp", "Active", "64.00 USD", "0.00 USD", "USD"]
    ]
    link = page.by_id("account-rows").one("a")
    assert link.attrs["href"] == f"/console/accounts/{world.account}"
    assert "Other Ltd" not in page.html


def test_search_by_number_prefix_name_part_and_subscription_number(
    world: World, console_a: TestClient
) -> None:
    for q in [
        world.account[:4],  # "A000": a prefix of the number
        world.account,
        f"  {world.account}  ",  # the blanks around are not part of it
        "acme",  # part of the name, whatever the case
        "ACME CORP",
        "corp",
        world.subscription,  # the exact number of a subscription it owns
    ]:
        page = search(console_a, q)
        assert [r[:2] for r in account_rows(page)] == [[world.account, "Acme Corp"]], q
        # The search box keeps what was asked.
        assert page.root.one("input", id="q").attrs["value"] == q
    # htmx asks for the rows alone.
    fragment = console_a.get(
        "/console/accounts?q=acme", headers={"HX-Request": "true", "HX-Target": "account-rows"}
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="account-rows">')
    assert "<html" not in fragment.text and "Acme Corp" in fragment.text


def test_a_search_that_matches_nothing_says_so(world: World, console_a: TestClient) -> None:
    for q in [
        "zzz",
        world.subscription[:-1],  # a subscription number must be exact, not a prefix
        "00000001",  # the number's middle is not its prefix
        "%",  # LIKE's wildcards are plain characters
        "_",
    ]:
        page = search(console_a, q)
        assert account_rows(page) == [], q
        assert page.by_id("account-rows").one(role="status").text() == f"No account matches “{q}”."


def test_a_search_the_service_refuses_is_a_400_page(world: World, console_a: TestClient) -> None:
    for q, message in [("x" * 256, "at most 255 characters"), ("\x00", "control characters")]:
        answer = console_a.get("/console/accounts", params={"q": q})
        assert answer.status_code == 400, q[:10]
        assert message in answer.text


def test_tenant_bs_accounts_never_show_in_as_list_or_search(
    world: World, console_a: TestClient
) -> None:
    only_b = b_only(world)
    listed = open_page(console_a, "/console/accounts")
    assert [r[1] for r in account_rows(listed)] == ["Acme Corp"]
    for q in ["Other", "other ltd", only_b["account"], only_b["subscription"]]:
        page = search(console_a, q)
        assert account_rows(page) == [], q
        assert page.by_id("account-rows").one(role="status").text() == f"No account matches “{q}”."
    # B's first account and subscription have the numbers of A's: searching them finds
    # A's own account, only.
    for q in [world.b_account, world.b_subscription]:
        page = search(console_a, q)
        assert [r[:2] for r in account_rows(page)] == [[world.account, "Acme Corp"]]
    assert page.text_of("tenant-name") == world.a["name"]


def test_the_account_page_lists_contacts_subscriptions_orders_invoices_payments(
    world: World, console_a: TestClient
) -> None:
    page = open_page(console_a, f"/console/accounts/{world.account}")
    assert page.root.one("h1").text() == f"Account {world.account} Acme Corp"
    cards = [c.text() for c in page.root.all("address", class_="card")]
    # new_account gives a bill-to contact only (Ada Lovelace): it is the sold-to too.
    assert cards[:2] == ["Bill to Ada Lovelace", "Sold to Ada Lovelace"]
    assert all(c.endswith("Ada Lovelace") for c in cards)
    # Contracted MRR on today (2025-01-01): platform 29 + seats 3 × 12 = 36 → 65.00; the
    # 8 seats start in March.
    assert page.rows("subscriptions") == [
        [world.subscription, "Active", "3", "2025-01-01 – 2026-01-01", "Basic", "65.00 USD"]
    ]
    sub = api_get(world, f"/v1/subscriptions/{world.subscription}")
    assert usd(sub["contractedMrr"]) == "65.00 USD"
    assert page.rows("orders") == [
        [world.orders[0], "2025-01-01", "Completed", "NewSales", world.subscription],
        [world.orders[1], "2025-01-15", "Completed", "NewSales", world.subscription],
        [world.orders[2], "2025-01-15", "Completed", "NewSales", world.subscription],
    ]
    # 164.00 billed, 100 paid: 64.00 left.
    assert page.rows("invoices") == [
        [world.invoice, "2025-01-01", "Posted", "164.00 USD", "64.00 USD"]
    ]
    assert page.by_id("h-credit-memos").text() == "Credit memos (0)"
    assert page.rows("payments") == [
        [world.payment, "2025-01-02", "Processed", "External", "100.00 USD", world.invoice]
    ]
    hrefs = {a.attrs["href"] for a in page.root.all("a")}
    assert {
        f"/console/subscriptions/{world.subscription}",
        *(f"/console/orders/{n}" for n in world.orders),
        f"/console/invoices/{world.invoice}",
        f"/console/payments/{world.payment}",
    } <= hrefs


def test_the_account_pages_figures_are_the_apis(world: World, console_a: TestClient) -> None:
    page = open_page(console_a, f"/console/accounts/{world.account}")
    facts = page.facts()
    summary = api_get(world, f"/v1/accounts/{world.account}/summary")["basicInfo"]
    metrics = api_get(world, f"/v1/accounts/{world.account}")["metrics"]
    # By hand first: 164 − 100 = 64.00 owed, nothing in credit, nothing unapplied.
    assert facts["Balance"] == "64.00 USD" == page.text_of("account-balance")
    assert facts["Credit balance"] == "0.00 USD" == page.text_of("account-credit-balance")
    assert facts["Unapplied payments"] == "0.00 USD"
    # And the API says the same.
    assert usd(summary["balance"]) == usd(metrics["balance"]) == facts["Balance"]
    assert usd(metrics["totalInvoiceBalance"]) == facts["Balance"]
    assert usd(metrics["creditBalance"]) == facts["Credit balance"]
    assert usd(metrics["unappliedPaymentAmount"]) == facts["Unapplied payments"]
    assert facts["Status"] == summary["status"] == "Active"
    assert facts["Currency"] == "USD"
    assert facts["Bill cycle day"] == str(summary["billCycleDay"]) == "1"
