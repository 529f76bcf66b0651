"""Reading console pages as plain HTML, and the world they show.

What each console page shows, read as plain HTML (no browser): the values, worked out
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

from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import NEW, create_subscription, new_account
from tests.console.conftest import World, csrf_of

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


def b_only(world: World) -> dict[str, str]:
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
