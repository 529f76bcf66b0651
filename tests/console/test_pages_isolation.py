"""What the tenant does not have is not found. Plain HTTP, values worked out by hand (see
tests/console/pages_support.py for the world and its arithmetic)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.console.conftest import World
from tests.console.pages_support import api_get, b_only, open_page

# -- what the tenant does not have ---------------------------------------------------------


def test_another_tenants_objects_and_unknown_numbers_are_not_found(
    world: World, console_a: TestClient
) -> None:
    only_b = b_only(world)
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
