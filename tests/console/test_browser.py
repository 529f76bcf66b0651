"""The console in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium,
never a downloaded build) against a real server on a local port. Sign in, search an
account, open a subscription's timeline and its versions, advance the clock and see the
new invoice, sign out. Screenshots go to test-artifacts/console/ (ZORDERS_TEST_ARTIFACTS
moves them); `make test` and CI install Chromium when it is missing, and CI
(ZORDERS_TEST_BROWSER=required) fails rather than skips without it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.console.conftest import World
from tests.support.live import serve_in_thread

CHROMIUM = os.environ.get("ZORDERS_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = (
    Path(os.environ.get("ZORDERS_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts"))
    / "console"
)


def _browser_or_skip() -> None:
    missing = None
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing = f"no Chromium at {CHROMIUM} (Debian package chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing is None:
        return
    if os.environ.get("ZORDERS_TEST_BROWSER") == "required":
        pytest.fail(f"browser tests are required here: {missing}")
    pytest.skip(f"{missing}; `make test` installs it where it can")


@pytest.fixture
def page(world: World) -> Iterator[Any]:
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve_in_thread(world.api.client.app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            tab.set_default_timeout(10_000)
            yield tab
        finally:
            browser.close()


def _shot(page: Any, request: pytest.FixtureRequest, name: str) -> None:
    backend = request.node.callspec.id if hasattr(request.node, "callspec") else "run"
    path = ARTIFACTS / f"{backend}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def _schedule_daily_bill_run(world: World) -> None:
    created = world.api.client.post(
        "/v1/bill-runs",
        headers=world.a["headers"],
        json={"schedule": {"repeatFrom": "2025-01-02", "repeatType": "Daily", "runTime": 3}},
    )
    assert created.status_code == 200, created.text


def test_an_operator_follows_a_subscription_and_a_clock_move(
    world: World, page: Any, request: pytest.FixtureRequest
) -> None:
    from playwright.sync_api import expect

    _schedule_daily_bill_run(world)
    # Any page sends to the sign-in form first.
    page.goto(f"/console/subscriptions/{world.subscription}")
    expect(page).to_have_url(f"/console/sign-in?next=/console/subscriptions/{world.subscription}")
    page.get_by_label("Client id").fill(world.a["clientId"])
    page.get_by_label("Client secret").fill(world.a["clientSecret"])
    _shot(page, request, "01-sign-in")
    page.locator("#client-sign-in").get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text(f"Subscription {world.subscription}")

    # Search: typing filters the list without a page load (htmx), by part of the name.
    page.get_by_role("link", name="Accounts", exact=True).click()
    search = page.get_by_label("Account number, name or subscription number")
    search.fill("no such customer")
    expect(page.locator("#account-rows")).to_contain_text("No account matches")
    search.fill("acme")
    rows = page.locator("#account-rows tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Acme Corp")
    expect(page).to_have_url("/console/accounts?q=acme")
    _shot(page, request, "02-accounts-search")
    rows.first.get_by_role("link", name=world.account).click()
    expect(page.locator("h1")).to_contain_text(f"Account {world.account}")
    expect(page.locator("#invoices tbody tr")).to_have_count(1)

    # The subscription's timeline: three versions, each linked to its order.
    page.get_by_role("link", name=world.subscription).click()
    timeline = page.get_by_role("img", name=f"Timeline of {world.subscription}'s versions")
    expect(timeline).to_be_visible()
    expect(page.locator("svg#timeline g.version")).to_have_count(3)
    expect(page.locator("svg#timeline text.segment-label", has_text="12 × 8")).to_have_count(2)
    expect(page.locator("svg#timeline rect.suspended")).to_have_count(1)
    versions = page.locator("table#versions tbody tr")
    expect(versions).to_have_count(3)
    for row, order in zip(range(3), world.orders, strict=True):
        expect(versions.nth(row).get_by_role("link", name=order)).to_be_visible()
    expect(page.locator("#version-details h2")).to_have_text("Version 3 (latest)")
    _shot(page, request, "03-subscription-timeline")
    # A past version's details replace the panel in place.
    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.locator("#version-details h2")).to_have_text("Version 1")
    expect(page).to_have_url(f"/console/subscriptions/{world.subscription}?version=1")
    expect(page.locator("#version-details")).not_to_contain_text("2025-03-01")
    _shot(page, request, "04-version-1")
    page.locator("table#versions").get_by_role("link", name=world.orders[2], exact=True).click()
    expect(page.locator("ol.actions li")).to_have_count(2)
    expect(page.locator("ol.actions li").nth(0)).to_contain_text("Suspend")
    expect(page.locator("ol.actions li").nth(1)).to_contain_text("Resume")

    # The clock: 32 days forward runs the daily bill runs at 03:00 of each day up to
    # February 1st's, which bills February: that invoice appears.
    page.get_by_role("link", name="Clock").click()
    expect(page.locator("#clock-today")).to_have_text("2025-01-01")
    page.get_by_label("Days").fill("32")
    page.get_by_role("button", name="Advance").click()
    expect(page.locator("#clock-today")).to_have_text("2025-02-02")
    summary = page.locator("#move-summary")
    expect(summary).to_contain_text("bill runs: 31")
    expect(summary).to_contain_text("invoices: 1")
    expect(page.locator("#tenant-today")).to_have_text("2025-02-02")
    _shot(page, request, "05-clock-advanced")
    page.goto(f"/console/accounts/{world.account}")
    invoices = page.locator("#invoices tbody tr")
    expect(invoices).to_have_count(2)
    expect(invoices.first).to_contain_text("INV00000002")
    expect(invoices.first).to_contain_text("2025-02-01")
    _shot(page, request, "06-account-new-invoice")

    # Signing out ends it: the account page asks for a sign-in again.
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    page.goto(f"/console/accounts/{world.account}")
    expect(page.locator("h1")).to_have_text("Sign in")
    _shot(page, request, "07-signed-out")
