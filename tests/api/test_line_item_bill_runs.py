"""What a bill run includes of order line items (issue 10): filters, `includeSubscriptions`,
and canceling the run. Split from `test_line_item_billing.py`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient

from tests.api.test_line_item_billing import _bill, _bill_run, _documents, _state, _store
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.line_items.model import ItemState


def test_what_a_bill_run_includes_and_canceling_it(
    client: TestClient, container: Container, shop: Session
) -> None:
    created = order(
        client,
        shop,
        {
            "orderDate": "2025-07-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription(start="2025-07-01")]}],
        },
    ).json()
    number = created["accountNumber"]
    [subscription] = [s["subscriptionNumber"] for s in created["subscriptions"]]
    account_id = client.get(f"/v1/accounts/{number}", headers=shop.headers).json()["basicInfo"][
        "id"
    ]
    [sale] = _store(container, shop, account_id, {})
    only = [{"filterType": "Account", "accountId": account_id}]
    # Line items only, as Drafts.
    run = _bill_run(client, shop, billRunFilters=only, includeSubscriptions=False)
    assert (run["status"], run["includeSubscriptions"], run["NumberOfInvoices"]) == (
        "Completed",
        False,
        1,
    )
    [draft] = _documents(client, shop, number)
    assert (draft["amount"], draft["status"]) == (89.96, "Draft")
    assert _state(container, shop, sale) is ItemState.COMPLETE
    # Canceling the run cancels its draft: the line item is to be billed again.
    canceled = client.put(f"/v1/bill-runs/{run['id']}/cancel", headers=shop.headers)
    assert canceled.status_code == 200, canceled.text
    assert _state(container, shop, sale) is ItemState.SENT_TO_BILLING
    # A run for the subscription bills no line item: July in full, 29 + 3 x 12 + 99 = 164.
    filters = [
        {"filterType": "Subscription", "accountId": account_id, "subscriptionId": subscription}
    ]
    run = _bill_run(client, shop, billRunFilters=filters, autoPost=True)
    assert run["NumberOfInvoices"] == 1
    standing = [d for d in _documents(client, shop, number) if d["status"] != "Canceled"]
    assert [d["amount"] for d in standing] == [164]
    assert _state(container, shop, sale) is ItemState.SENT_TO_BILLING
    # subscription_numbers=() bills no subscription; the line item alone.
    outcome = _bill(container, shop, account_id, date(2025, 8, 1), subscription_numbers=())
    assert [d.amount for d in outcome.documents] == [Decimal("89.96")]
