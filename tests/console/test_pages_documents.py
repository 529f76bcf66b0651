"""Order, invoice and payment pages. Plain HTTP, values worked out by hand (see
tests/console/pages_support.py for the world and its arithmetic)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_orders import create_subscription
from tests.console.conftest import World
from tests.console.pages_support import Page, api_get, api_post, open_page, usd

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
