"""What each console page shows, read as plain HTML (no browser): the values, worked out
by hand from the demo catalog (examples/catalog.yaml) and the world's orders, and the
figures the API reports for the same objects.

The world (tests/console/conftest.py), tenant A on 2025-01-01, catalog plan Basic:
platform fee 29/month flat, seats 12/unit/month (3 to start), onboarding 99 one-time.
  O-00000001 creates A-S00000001 from 2025-01-01 (12-month term) and bills January:
             platform 29 + seats 3 × 12 = 36 + onboarding 99 = 164.00 (INV00000001);
  O-00000002 raises the seats 3 → 8 from 2025-03-01;
  O-00000003 suspends on 2025-05-01 and resumes on 2025-06-01;
  P-00000001, an External payment of 100 on 2025-01-02, applied to INV00000001:
             its balance, and the account's, is 164 − 100 = 64.00.
Tenant B ("Other Ltd") numbers its objects on its own, so its first account, subscription,
order and invoice carry the same numbers as A's: the isolation tests also give B objects
whose numbers A has none of.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.api.test_clock import DEMO
from tests.api.test_orders import NEW, create_subscription, new_account
from tests.console.conftest import World, csrf_of, sign_in
from tests.support.test_mode import SandboxApi

# -- reading pages -----------------------------------------------------------------------

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Elements whose text stands apart from their neighbours' (a space around it).
BLOCKS = frozenset(
    {"br", "div", "p", "li", "tr", "td", "th", "dd", "dt", "address", "h1", "h2", "h3", "title"}
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    gap = " " if child.tag in BLOCKS else ""
                    parts.append(gap)
                    walk(child)
                    parts.append(gap)

        walk(self)
        return " ".join("".join(parts).split())

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Descendants with `tag` (any when None) and these attributes; `class_` matches
        one of the element's classes."""
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and all(
                _attr_matches(child, name, value) for name, value in attrs.items()
            ):
                found.append(child)
            found.extend(child.all(tag, **attrs))
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} × {tag} {attrs}"
        return found[0]

    def by_id(self, element_id: str) -> Node:
        return self.one(id=element_id)

    def own(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]


def _attr_matches(node: Node, name: str, value: str) -> bool:
    if name == "class_":
        return value in node.attrs.get("class", "").split()
    return node.attrs.get(name.replace("_", "-")) == value


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, 0, -1):
            if self.stack[at].tag == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Page:
    status: int
    html: str
    root: Node

    def by_id(self, element_id: str) -> Node:
        return self.root.by_id(element_id)

    def text_of(self, element_id: str) -> str:
        return self.by_id(element_id).text()

    def rows(self, table_id: str) -> list[list[str]]:
        return rows_of(self.by_id(table_id))

    def facts(self, label: str | None = None) -> dict[str, str]:
        """The page's `<dl class="facts">` (the one with that aria-label when given)."""
        found = self.root.all("dl", class_="facts")
        if label is not None:
            found = [d for d in found if d.attrs.get("aria-label") == label]
        assert len(found) == 1, len(found)
        return facts_of(found[0])


def facts_of(dl: Node) -> dict[str, str]:
    """A description list: each term's description."""
    return {d.one("dt").text(): d.one("dd").text() for d in dl.own("div")}


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def rows_of(table: Node) -> list[list[str]]:
    [body] = table.own("tbody")
    return [
        [cell.text() for cell in tr.children if isinstance(cell, Node)] for tr in body.own("tr")
    ]


def open_page(
    client: TestClient, path: str, *, status: int = 200, headers: dict[str, str] | None = None
) -> Page:
    answer = client.get(path, headers=headers or {})
    assert answer.status_code == status, answer.text[:1000]
    return Page(answer.status_code, answer.text, parse(answer.text))


def post_form(client: TestClient, path: str, form: dict[str, str], *, status: int = 200) -> Page:
    csrf = csrf_of(client.get(path).text)
    answer = client.post(path, data={"csrf_token": csrf, **form})
    assert answer.status_code == status, answer.text[:1000]
    return Page(answer.status_code, answer.text, parse(answer.text))


def usd(amount: Any) -> str:
    """An amount as the console shows it: two places, thousands grouped, the currency."""
    return f"{Decimal(str(amount)):,.2f} USD"


# -- the API's view of the same objects ----------------------------------------------------


def api_get(world: World, path: str, tenant: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = world.api.client.get(path, headers=(tenant or world.a)["headers"])
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def api_post(world: World, tenant: dict[str, Any], path: str, body: Any) -> dict[str, Any]:
    answer = world.api.client.post(path, headers=tenant["headers"] | NEW, json=body)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    assert found.get("success", True) is True, found
    return found


def clock_today(world: World) -> str:
    return str(api_get(world, "/zorders/v1/clock")["today"])


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
    only_b = _b_only(world)
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


# -- orders --------------------------------------------------------------------------------


def _actions(page: Page) -> list[str]:
    return [li.text() for li in page.root.one("ol", class_="actions").own("li")]


def test_the_order_pages_show_status_actions_and_documents(
    world: World, console_a: TestClient
) -> None:
    first, second, third = (open_page(console_a, f"/console/orders/{n}") for n in world.orders)
    for page, number in zip((first, second, third), world.orders, strict=True):
        assert page.root.one("h1").text() == f"Order {number}"
        assert page.text_of("order-status") == "Completed"
        assert page.facts()["Account"] == world.account

    assert _actions(first) == [
        "CreateSubscription · ContractEffective 2025-01-01 · CustomerAcceptance 2025-01-01"
        " · ServiceActivation 2025-01-01"
    ]
    assert "version 0 → 1" in first.html
    # The order billed January (164.00); the payment of 100 leaves 64.00.
    assert first.rows("invoices") == [
        [world.invoice, "2025-01-01", "Posted", "164.00 USD", "64.00 USD"]
    ]
    # P-00000001 was posted on its own (POST /v1/payments), not by the order: the order's
    # payments are those it collected, so none here (the next test has one).
    payments = first.root.one("section", aria_labelledby="h-order-docs")
    assert payments.all("table", id="payments") == []
    assert [p.text() for p in payments.all("p", class_="note")] == ["None.", "None."]

    assert [a.split(" · ")[:2] for a in _actions(second)] == [
        ["UpdateProduct", "ContractEffective 2025-03-01"]
    ]
    # Suspend first, then Resume, as the order listed them.
    assert [a.split(" · ")[:2] for a in _actions(third)] == [
        ["Suspend", "ContractEffective 2025-05-01"],
        ["Resume", "ContractEffective 2025-06-01"],
    ]
    for page, (base, new) in zip((second, third), [(1, 2), (2, 3)], strict=True):
        assert f"version {base} → {new}" in page.html
        assert page.root.all("table", id="invoices") == []


def test_an_order_that_collected_a_payment_lists_it(world: World, console_a: TestClient) -> None:
    api_post(
        world,
        world.a,
        "/v1/payment-methods",
        {
            "type": "CreditCard",
            "accountKey": world.account,
            "cardNumber": "4111111111111111",
            "expirationMonth": 12,
            "expirationYear": 2099,
            "securityCode": "123",
            "cardHolderInfo": {"cardHolderName": "Ada Lovelace"},
            "makeDefault": True,
        },
    )
    sold = api_post(
        world,
        world.a,
        "/v1/orders",
        {
            "orderDate": "2025-01-01",
            "existingAccountNumber": world.account,
            "processingOptions": {"runBilling": True, "collectPayment": True},
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-01")]}],
        },
    )
    [invoice] = sold["invoiceNumbers"]
    page = open_page(console_a, f"/console/orders/{sold['orderNumber']}")
    # A second Basic subscription's January: 29 + 36 + 99 = 164.00, paid in full by card.
    assert page.rows("invoices") == [[invoice, "2025-01-01", "Posted", "164.00 USD", "0.00 USD"]]
    assert page.rows("payments") == [
        [sold["paymentNumber"], "2025-01-01", "Processed", "Electronic", "164.00 USD", invoice]
    ]


# -- invoices and payments -----------------------------------------------------------------


def test_the_invoice_and_payment_pages(world: World, console_a: TestClient) -> None:
    page = open_page(console_a, f"/console/invoices/{world.invoice}")
    assert page.root.one("h1").text() == f"Invoice {world.invoice}"
    facts = page.facts()
    assert facts["Account"] == f"{world.account} Acme Corp"
    assert facts["Status"] == "Posted"
    assert facts["Date"] == facts["Target date"] == facts["Due date"] == "2025-01-01"
    # 29 + 36 + 99 = 164.00; 100 paid; 64.00 left.
    assert page.text_of("document-amount") == "164.00 USD"
    assert page.text_of("document-balance") == "64.00 USD"
    assert facts["Paid"] == "100.00 USD" and facts["Credited"] == "0.00 USD"
    assert facts["Source"] == f"Order {world.orders[0]}"
    api = api_get(world, f"/v1/invoices/{world.invoice}")
    assert (usd(api["amount"]), usd(api["balance"]), usd(api["paymentAmount"])) == (
        "164.00 USD",
        "64.00 USD",
        "100.00 USD",
    )
    # The service periods: January for the recurring charges (the end exclusive, as the
    # console shows periods; the API's invoice items show the inclusive 2025-01-31), the
    # start day for the one-time charge.
    assert page.rows("items") == [
        [
            world.subscription,
            "C-00000001 Basic platform fee CloudDesk / Basic",
            "2025-01-01 – 2025-01-31",
            "",
            "29",
            "29.00 USD",
            "",
        ],
        [
            world.subscription,
            "C-00000002 Basic seats CloudDesk / Basic",
            "2025-01-01 – 2025-01-31",
            "3",
            "12",
            "36.00 USD",  # 3 × 12
            "",
        ],
        [
            world.subscription,
            "C-00000003 Basic onboarding CloudDesk / Basic",
            "2025-01-01 – 2025-01-01",
            "",
            "99",
            "99.00 USD",
            "",
        ],
    ]
    items = api_get(world, f"/v1/invoices/{world.invoice}/items")["invoiceItems"]
    assert [(i["chargeName"], i["serviceStartDate"], i["serviceEndDate"]) for i in items] == [
        ("Basic platform fee", "2025-01-01", "2025-01-31"),
        ("Basic seats", "2025-01-01", "2025-01-31"),
        ("Basic onboarding", "2025-01-01", "2025-01-01"),
    ]
    assert page.rows("applications") == [[world.payment, "2025-01-02", "100.00 USD"]]

    paid = open_page(console_a, f"/console/payments/{world.payment}")
    assert paid.root.one("h1").text() == f"Payment {world.payment}"
    facts = paid.facts()
    assert paid.text_of("payment-amount") == "100.00 USD"
    assert facts["Account"] == f"{world.account} Acme Corp"
    assert (facts["Status"], facts["Type"], facts["Effective"]) == (
        "Processed",
        "External",
        "2025-01-02",
    )
    assert "Order" not in facts  # posted on its own
    assert paid.rows("applications") == [[world.invoice, "2025-01-02", "100.00 USD"]]
    link = paid.by_id("applications").one("a")
    assert link.attrs["href"] == f"/console/invoices/{world.invoice}"
    # The same invoice number as a credit memo is no credit memo.
    open_page(console_a, f"/console/credit-memos/{world.invoice}", status=404)


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


# -- what the tenant does not have ---------------------------------------------------------


def _b_only(world: World) -> dict[str, str]:
    """Objects of tenant B with numbers tenant A has none of."""
    sold = api_post(
        world,
        world.b,
        "/v1/orders",
        {
            "orderDate": "2025-01-01",
            "orderNumber": "O-B-ONLY",
            "newAccount": new_account(name="Other Two", accountNumber="B-ONLY-1"),
            "processingOptions": {"runBilling": True},
            "subscriptions": [
                {"orderActions": [create_subscription(subscriptionNumber="S-B-ONLY")]}
            ],
        },
    )
    [invoice] = sold["invoiceNumbers"]  # INV00000002: A has one invoice only
    bill = api_get(world, f"/v1/invoices/{invoice}", world.b)
    payment = ""
    for _ in range(2):  # B's second payment: A has one payment only
        payment = api_post(
            world,
            world.b,
            "/v1/payments",
            {
                "accountId": bill["accountId"],
                "amount": 10,
                "currency": "USD",
                "effectiveDate": "2025-01-02",
                "type": "External",
                "invoices": [{"invoiceId": bill["id"], "amount": 10}],
            },
        )["number"]
    return {
        "account_id": bill["accountId"],
        "account": sold["accountNumber"],
        "subscription": sold["subscriptions"][0]["subscriptionNumber"],
        "order": sold["orderNumber"],
        "invoice": invoice,
        "payment": payment,
    }


def test_another_tenants_objects_and_unknown_numbers_are_not_found(
    world: World, console_a: TestClient
) -> None:
    only_b = _b_only(world)
    assert only_b["invoice"] != world.invoice and only_b["payment"] != world.payment
    # B has them (its token reads them)...
    for path in [
        f"/v1/accounts/{only_b['account']}",
        f"/v1/subscriptions/{only_b['subscription']}",
        f"/v1/invoices/{only_b['invoice']}",
    ]:
        api_get(world, path, world.b)
    # ...A's console session does not.
    paths = [
        f"/console/accounts/{only_b['account']}",
        f"/console/accounts/{only_b['account_id']}",  # by its id, as the API takes it too
        f"/console/subscriptions/{only_b['subscription']}",
        f"/console/subscriptions/{only_b['subscription']}/versions/1",
        f"/console/orders/{only_b['order']}",
        f"/console/invoices/{only_b['invoice']}",
        f"/console/payments/{only_b['payment']}",
        # And numbers that exist nowhere.
        "/console/accounts/A99999999",
        "/console/subscriptions/A-S99999999",
        "/console/orders/O-99999999",
        "/console/invoices/INV99999999",
        "/console/credit-memos/CM00000001",
        "/console/payments/P-99999999",
    ]
    for path in paths:
        page = open_page(console_a, path, status=404)
        assert page.root.one("h1").text() == "Not found", path
        assert page.root.one(role="alert").text() == "There is no such page in this tenant."
        for leak in ["Other", "B-ONLY", world.b["name"]]:
            assert leak not in page.html, (path, leak)
        assert page.text_of("tenant-name") == world.a["name"]
    # B's first objects carry A's numbers: asked for, they are A's own.
    account = open_page(console_a, f"/console/accounts/{world.b_account}")
    assert "Acme Corp" in account.root.one("h1").text()
    invoice = open_page(console_a, f"/console/invoices/{world.b_invoice}")
    assert invoice.facts()["Account"] == f"{world.account} Acme Corp"
    for page in (account, invoice):
        assert "Other" not in page.html
