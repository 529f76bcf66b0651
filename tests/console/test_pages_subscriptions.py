"""The subscription page: the timeline, the versions table and a version's details.

Plain HTTP, values worked out by hand (see
tests/console/pages_support.py for the world and its arithmetic)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.console.conftest import World
from tests.console.pages_support import (
    Node,
    Page,
    api_get,
    facts_of,
    open_page,
    parse,
    post_form,
    rows_of,
    usd,
)

# -- subscriptions -------------------------------------------------------------------------


def _version_group(page: Page, version: int) -> Node:
    return page.by_id("timeline").one("g", data_version=str(version))


def _titles(nodes: list[Node]) -> list[str]:
    return [n.one("title").text() for n in nodes]


def test_the_timeline_draws_every_version(world: World, console_a: TestClient) -> None:
    page = open_page(console_a, f"/console/subscriptions/{world.subscription}")
    svg = page.by_id("timeline")
    assert svg.tag == "svg" and svg.attrs["role"] == "img"
    assert svg.attrs["aria-labelledby"] == "tl-title tl-desc"
    assert page.text_of("tl-title") == f"Timeline of {world.subscription}'s versions"
    assert page.text_of("tl-desc").startswith(f"Subscription {world.subscription}: 3 version(s)")
    assert [g.attrs["data-version"] for g in svg.all("g", class_="version")] == ["1", "2", "3"]
    groups = [_version_group(page, v) for v in (1, 2, 3)]
    assert [("latest" in g.attrs["class"].split()) for g in groups] == [False, False, True]
    labels = [[t.text() for t in g.all("text", class_="segment-label")] for g in groups]
    # Platform 29 flat; seats 12 × 3, and from v2 on 12 × 8 from March (the one-day
    # onboarding segment is too narrow for a label).
    assert labels == [["29", "12 × 3"], ["29", "12 × 3", "12 × 8"], ["29", "12 × 3", "12 × 8"]]
    seats = [t for t in _titles(groups[1].all("rect", class_="segment")) if "seats" in t]
    assert seats == [
        "Basic seats segment 1: 2025-01-01 to 2025-03-01, price 12, quantity 3",
        "Basic seats segment 2: 2025-03-01 to 2026-01-01, price 12, quantity 8",
    ]
    # Only the third version is suspended: May, resumed on June 1.
    assert [_titles(g.all("rect", class_="suspended")) for g in groups] == [
        [],
        [],
        ["Suspended 2025-05-01 to 2025-06-01"],
    ]
    triggers = [[t.split(":")[0] for t in _titles(g.all("path", class_="trigger"))] for g in groups]
    assert triggers == [
        ["CreateSubscription 2025-01-01"],
        ["UpdateProduct 2025-03-01"],
        ["Suspend 2025-05-01", "Resume 2025-06-01"],
    ]
    # January was billed: the recurring charges are charged through February 1.
    ctd = _titles(groups[2].all("line", class_="ctd"))
    assert ctd == [
        "Charged through 2025-02-01",
        "Charged through 2025-02-01",
        "Charged through 2025-01-02",
    ]
    # A version's label opens that version.
    assert [g.one("a").attrs["href"] for g in groups] == ["?version=1", "?version=2", "?version=3"]
    assert "v3 · " + world.orders[2] == groups[2].one("text", class_="version-label").text()


def test_the_versions_table_links_each_version_to_its_order(
    world: World, console_a: TestClient
) -> None:
    page = open_page(console_a, f"/console/subscriptions/{world.subscription}")
    facts = page.facts("Subscription")
    assert page.text_of("subscription-status") == "Active"
    assert page.text_of("version-count") == "3"
    assert facts["Owner"] == f"{world.account} Acme Corp"
    table = page.by_id("versions")
    assert table.attrs["aria-describedby"] == "tl-desc"
    rows = rows_of(table)
    assert [r[:3] for r in rows] == [
        ["Version 1", world.orders[0], "CreateSubscription"],
        ["Version 2", world.orders[1], "UpdateProduct"],
        ["Version 3 (latest)", world.orders[2], "Suspend, Resume"],
    ]
    assert rows[2][4] == "2025-01-01 – 2026-01-01 suspended 2025-05-01 – 2025-06-01"
    body = table.one("tbody")
    order_links = [tr.all("td")[0].one("a").attrs["href"] for tr in body.own("tr")]
    assert order_links == [f"/console/orders/{n}" for n in world.orders]
    fragments = [tr.one("th").one("a").attrs["hx-get"] for tr in body.own("tr")]
    assert fragments == [
        f"/console/subscriptions/{world.subscription}/versions/{v}" for v in (1, 2, 3)
    ]
    # Without ?version the latest version's details show.
    assert [tr.attrs.get("class") for tr in body.own("tr")] == [None, None, "chosen"]
    details = page.by_id("version-details")
    assert details.one("h2").text() == "Version 3 (latest)"
    shown = facts_of(details.one("dl"))
    # MRR on 2025-01-01: 29 + 3 × 12 = 65. TCV over the 12-month term: platform 29 × 12 =
    # 348; seats 3 × 12 × 2 (Jan, Feb) = 72 + 8 × 12 × 10 (Mar–Dec) = 960; onboarding 99:
    # 348 + 72 + 960 + 99 = 1,479 (a suspension changes neither, decisions RK5).
    assert shown["Contracted MRR"] == "65.00 USD on 2025-01-01"
    assert shown["Total contracted value"] == "1,479.00 USD"
    assert shown["Order"] == world.orders[2]
    assert shown["Term"] == "2025-01-01 – 2026-01-01"
    sub = api_get(world, f"/v1/subscriptions/{world.subscription}")
    assert usd(sub["totalContractedValue"]) == "1,479.00 USD"
    charges = rows_of(details.one("table"))
    # Per charge MRR: platform 29, seats 3 × 12 = 36 (on 2025-01-01), one-time 0.
    assert [r[0] for r in charges] == [
        "C-00000001 Basic platform fee",
        "C-00000002 Basic seats",
        "2",  # the seats' second segment's row (the charge's cells span both)
        "C-00000003 Basic onboarding",
    ]
    assert charges[0][-1] == "29.00 USD" and charges[1][-1] == "36.00 USD"
    assert charges[3][-1] == "0.00 USD"
    assert charges[1][3:7] == ["1", "2025-01-01 – 2025-03-01", "12", "3"]
    assert charges[2] == ["2", "2025-03-01 – 2026-01-01", "12", "8"]


def test_a_chosen_version_and_the_details_fragment(world: World, console_a: TestClient) -> None:
    base = f"/console/subscriptions/{world.subscription}"
    first = open_page(console_a, f"{base}?version=1")
    details = first.by_id("version-details")
    assert details.one("h2").text() == "Version 1"
    shown = facts_of(details.one("dl"))
    assert shown["Order"] == world.orders[0]
    # Version 1 kept 3 seats all year: 29 × 12 + 3 × 12 × 12 + 99 = 348 + 432 + 99 = 879.
    assert shown["Total contracted value"] == "879.00 USD"
    assert shown["Contracted MRR"] == "65.00 USD on 2025-01-01"
    seats = [r for r in rows_of(details.one("table")) if r[0] == "C-00000002 Basic seats"]
    assert [r[3:7] for r in seats] == [["1", "2025-01-01 – 2026-01-01", "12", "3"]]
    rows = first.by_id("versions").one("tbody").own("tr")
    assert [tr.attrs.get("class") for tr in rows] == ["chosen", None, None]

    # htmx swaps in the details section alone.
    fragment = console_a.get(f"{base}/versions/2", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="version-details"')
    assert fragment.text.rstrip().endswith("</section>")
    assert "<html" not in fragment.text and "<svg" not in fragment.text
    root = parse(fragment.text)
    assert root.one("h2").text() == "Version 2"
    assert f'href="/console/orders/{world.orders[1]}"' in fragment.text
    # Opened as a page, the same path is the whole page with version 2 chosen.
    whole = open_page(console_a, f"{base}/versions/2")
    assert whole.by_id("version-details").one("h2").text() == "Version 2"
    assert whole.by_id("timeline").tag == "svg"

    for missing in [f"{base}?version=4", f"{base}?version=0", f"{base}?version=x"]:
        assert open_page(console_a, missing, status=404).root.one("h1").text() == "Not found"
    missing = f"{base}/versions/4"
    open_page(console_a, missing, status=404)
    assert console_a.get(missing, headers={"HX-Request": "true"}).status_code == 404


def test_version_zero_is_not_found(world: World, console_a: TestClient) -> None:
    missing = f"/console/subscriptions/{world.subscription}/versions/0"
    assert console_a.get(missing).status_code == 404
    assert console_a.get(missing, headers={"HX-Request": "true"}).status_code == 404


def test_a_renewal_shows_as_a_version_with_its_new_term(
    world: World, console_a: TestClient
) -> None:
    # 13 months on from 2025-01-01: the 12-month term ends 2026-01-01 and auto-renews for
    # 12 months more (RENEW_WITH_SPECIFIC_TERM), a fourth version.
    moved = post_form(console_a, "/console/clock", {"months": "13"})
    assert moved.text_of("clock-today") == "2026-02-01"
    page = open_page(console_a, f"/console/subscriptions/{world.subscription}")
    latest = page.by_id("timeline").all("g", class_="latest")
    assert [g.attrs["data-version"] for g in latest] == ["4"]
    assert _titles(latest[0].all("circle", class_="renewal")) == [
        "Renewal 1: term starts 2026-01-01"
    ]
    assert _titles(latest[0].all("rect", class_="term")) == ["Term 2026-01-01 to 2027-01-01"]
    assert page.text_of("version-count") == "4"
    assert api_get(world, f"/v1/subscriptions/{world.subscription}")["termEndDate"] == (
        "2027-01-01"
    )
