"""POST /v1/operations/billing-preview (decisions SU2-SU4): what a bill run for the target date
would bill, nothing kept; each preview is then checked against the bill run it foretells.

Demo catalog, bill cycle day 1. Basic: platform USD 29/month, seats 3 x USD 12 = 36/month,
onboarding USD 99 once. Every amount is computed by hand in its comment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_orders import amend, create_subscription, new_account, order
from tests.conftest import Session


def D(value: str) -> Decimal:
    return Decimal(value).normalize()


PREVIEW = "/v1/operations/billing-preview"
CANCEL = {
    "type": "CancelSubscription",
    "cancelSubscription": {
        "cancellationPolicy": "SpecificDate",
        "cancellationEffectiveDate": "2025-02-15",
    },
}


def _subscribe(
    client: TestClient, shop: Session, start: str, *, bill_to: str | None = None, **kw: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "orderDate": start,
        "newAccount": new_account(),
        "subscriptions": [{"orderActions": [create_subscription(start=start, **kw)]}],
    }
    if bill_to is not None:
        body["processingOptions"] = {
            "runBilling": True,
            "billingOptions": {"targetDate": bill_to},
        }
    response = order(client, shop, body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _preview(client: TestClient, shop: Session, **body: Any) -> Any:
    return client.post(PREVIEW, headers=shop.headers, json=body)


def _rows(items: list[dict[str, Any]], amount: str = "chargeAmount") -> list[tuple[Any, ...]]:
    return sorted(
        (i["chargeName"] if "chargeName" in i else i["skuName"], i["serviceStartDate"],
         i["serviceEndDate"], Decimal(str(i[amount])).normalize())
        for i in items
    )  # fmt: skip


def _generate(client: TestClient, shop: Session, account: str, target: str) -> dict[str, Any]:
    path = f"/v1/accounts/{account}/billing-documents/generate"
    answer = client.post(path, headers=shop.headers, json={"targetDate": target, "autoPost": True})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _invoice_rows(client: TestClient, shop: Session, invoice_id: str) -> list[tuple[Any, ...]]:
    items = client.get(f"/v1/invoices/{invoice_id}/items", headers=shop.headers).json()
    return _rows(items["invoiceItems"])


def test_the_preview_is_the_next_bill_run(client: TestClient, shop: Session) -> None:
    created = _subscribe(client, shop, "2025-01-15", bill_to="2025-01-15")
    account = created["accountNumber"]
    answer = _preview(client, shop, accountNumber=account, targetDate="2025-03-01")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["success"] is True
    assert body["creditMemoItems"] == []
    # January was billed by the order (134.64); February and March 1 start on or before
    # the target: 29 and 36 each, in full.
    expected = [
        ("Basic platform fee", "2025-02-01", "2025-02-28", D("29.00")),
        ("Basic platform fee", "2025-03-01", "2025-03-31", D("29.00")),
        ("Basic seats", "2025-02-01", "2025-02-28", D("36.00")),
        ("Basic seats", "2025-03-01", "2025-03-31", D("36.00")),
    ]
    assert _rows(body["invoiceItems"]) == expected
    sub = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).json()
    assert body["accountId"] == sub["accountId"]
    seats = next(i for i in body["invoiceItems"] if i["chargeName"] == "Basic seats")
    charge = next(c for c in sub["ratePlans"][0]["ratePlanCharges"] if c["name"] == "Basic seats")
    assert seats["subscriptionId"] == sub["id"]
    assert seats["subscriptionNumber"] == seats["subscriptionName"] == "A-S00000001"
    assert (seats["chargeId"], seats["chargeNumber"]) == (charge["id"], charge["number"])
    assert (seats["quantity"], seats["unitOfMeasure"], seats["chargeType"]) == (
        "3",
        "Seat",
        "Recurring",
    )
    assert seats["productName"] == "CloudDesk"
    assert seats["taxAmount"] == "0"

    # Nothing was kept: the subscription is still charged through February 1, no document.
    assert charge["chargedThroughDate"] == "2025-02-01"
    documents = client.get(
        f"/v1/billing-documents?accountId={body['accountId']}", headers=shop.headers
    ).json()
    assert len(documents["documents"]) == 1

    # The bill run for that date bills exactly those items, on invoice number 2 (the
    # preview took no number).
    generated = _generate(client, shop, account, "2025-03-01")
    (invoice,) = generated["invoices"]
    assert _invoice_rows(client, shop, invoice["id"]) == expected
    read = client.get(f"/v1/invoices/{invoice['id']}", headers=shop.headers).json()
    assert (read["invoiceNumber"], read["amount"]) == ("INV00000002", 130)  # 2 x (29 + 36)
    # Billed now: the next preview for the same date is empty.
    again = _preview(client, shop, accountId=body["accountId"], targetDate="2025-03-01").json()
    assert (again["invoiceItems"], again["creditMemoItems"]) == ([], [])


def test_charge_types_to_exclude(client: TestClient, shop: Session) -> None:
    created = _subscribe(client, shop, "2025-01-01")
    account = created["accountNumber"]
    body = _preview(
        client, shop, accountNumber=account, targetDate="2025-01-01",
        chargeTypeToExclude="OneTime,Usage",
    ).json()  # fmt: skip
    assert _rows(body["invoiceItems"]) == [
        ("Basic platform fee", "2025-01-01", "2025-01-31", D("29.00")),
        ("Basic seats", "2025-01-01", "2025-01-31", D("36.00")),
    ]
    body = _preview(
        client, shop, accountNumber=account, targetDate="2025-01-01",
        chargeTypeToExclude="Recurring",
    ).json()  # fmt: skip
    assert _rows(body["invoiceItems"]) == [
        ("Basic onboarding", "2025-01-01", "2025-01-01", D("99.00"))
    ]


def test_a_cancellation_previews_its_credit(client: TestClient, shop: Session) -> None:
    created = _subscribe(client, shop, "2025-01-15", bill_to="2025-02-01")
    account = created["accountNumber"]
    cancelled = amend(client, shop, "A-S00000001", account, CANCEL, order_date="2025-02-15")
    assert cancelled.status_code == 200, cancelled.text
    body = _preview(client, shop, accountNumber=account, targetDate="2025-02-15").json()
    assert body["invoiceItems"] == []
    # Feb 15 - Feb 28 is 14 of February's 28 days: platform 29 x 14/28 = 14.50, seats
    # 36 x 14/28 = 18.00, shown positive.
    expected = [
        ("Basic platform fee", "2025-02-15", "2025-02-28", D("14.5")),
        ("Basic seats", "2025-02-15", "2025-02-28", D("18")),
    ]
    assert _rows(body["creditMemoItems"], "amount") == expected
    seats = next(i for i in body["creditMemoItems"] if i["skuName"] == "Basic seats")
    assert seats["amountWithoutTax"] == 18
    assert seats["sku"] == "CLOUDDESK"
    assert seats["comment"] == "Basic"
    generated = _generate(client, shop, account, "2025-02-15")
    (memo,) = generated["creditMemos"]
    items = client.get(f"/v1/credit-memos/{memo['id']}/items", headers=shop.headers).json()
    assert _rows(items["items"], "amount") == expected


def test_assume_renewal(client: TestClient, shop: Session) -> None:
    # A 12-month auto-renewing term from 2025-01-01, billed through December: its term
    # ends on 2026-01-01.
    created = _subscribe(client, shop, "2025-01-01", bill_to="2025-12-01")
    account = created["accountNumber"]
    target = {"accountNumber": account, "targetDate": "2026-02-01"}
    # None (the default): nothing past the current term.
    assert _preview(client, shop, **target).json()["invoiceItems"] == []
    assert _preview(client, shop, **target, assumeRenewal="None").json()["invoiceItems"] == []
    # Autorenew: the renewed term's January and February, 29 and 36 each.
    expected = [
        ("Basic platform fee", "2026-01-01", "2026-01-31", D("29.00")),
        ("Basic platform fee", "2026-02-01", "2026-02-28", D("29.00")),
        ("Basic seats", "2026-01-01", "2026-01-31", D("36.00")),
        ("Basic seats", "2026-02-01", "2026-02-28", D("36.00")),
    ]
    renewed = _preview(client, shop, **target, assumeRenewal="Autorenew").json()
    assert _rows(renewed["invoiceItems"]) == expected
    assert _preview(client, shop, **target, assumeRenewal="All").json()["invoiceItems"]
    # The renewal was assumed, not made: still version 1 ending 2026-01-01.
    sub = client.get("/v1/subscriptions/A-S00000001", headers=shop.headers).json()
    assert (sub["version"], sub["termEndDate"]) == (1, "2026-01-01")
    # Renewed for real, the bill run bills what the preview showed.
    renewal = amend(client, shop, "A-S00000001", account, {"type": "RenewSubscription"})
    assert renewal.status_code == 200, renewal.text
    (invoice,) = _generate(client, shop, account, "2026-02-01")["invoices"]
    assert _invoice_rows(client, shop, invoice["id"]) == expected


def test_all_renews_what_does_not_auto_renew(client: TestClient, shop: Session) -> None:
    terms = {
        "initialTerm": {"termType": "TERMED", "period": 1, "periodType": "Month"},
        "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
        "renewalTerms": [{"period": 1, "periodType": "Month"}],
        "autoRenew": False,
    }
    created = _subscribe(client, shop, "2025-01-01", bill_to="2025-01-01", term=terms)
    target = {"accountNumber": created["accountNumber"], "targetDate": "2025-03-01"}
    assert _preview(client, shop, **target, assumeRenewal="Autorenew").json()["invoiceItems"] == []
    # All: two monthly renewals (Feb, Mar), 29 + 36 each.
    body = _preview(client, shop, **target, assumeRenewal="All").json()
    assert _rows(body["invoiceItems"]) == [
        ("Basic platform fee", "2025-02-01", "2025-02-28", D("29.00")),
        ("Basic platform fee", "2025-03-01", "2025-03-31", D("29.00")),
        ("Basic seats", "2025-02-01", "2025-02-28", D("36.00")),
        ("Basic seats", "2025-03-01", "2025-03-31", D("36.00")),
    ]


def test_evergreen_subscriptions_can_be_left_out(client: TestClient, shop: Session) -> None:
    created = _subscribe(
        client, shop, "2025-01-01", term={"initialTerm": {"termType": "EVERGREEN"}}
    )
    target = {"accountNumber": created["accountNumber"], "targetDate": "2025-01-01"}
    # 29 + 36 + 99 by default (included).
    assert len(_preview(client, shop, **target).json()["invoiceItems"]) == 3
    left_out = _preview(client, shop, **target, includingEvergreenSubscription=False).json()
    assert left_out["invoiceItems"] == []


def test_draft_items_on_request(client: TestClient, shop: Session) -> None:
    created = _subscribe(client, shop, "2025-01-01")
    account = created["accountNumber"]
    path = f"/v1/accounts/{account}/billing-documents/generate"
    client.post(path, headers=shop.headers, json={"targetDate": "2025-01-01"})  # a Draft
    target = {"accountNumber": account, "targetDate": "2025-01-01"}
    assert _preview(client, shop, **target).json()["invoiceItems"] == []
    drafts = _preview(client, shop, **target, includingDraftItems=True).json()
    assert sorted(i["chargeAmount"] for i in drafts["invoiceItems"]) == [
        "29.00",
        "36.00",
        "99.00",
    ]


def test_bad_requests_are_400_and_keep_nothing(client: TestClient, shop: Session) -> None:
    created = _subscribe(client, shop, "2025-01-01")
    account = created["accountNumber"]
    cases: list[tuple[dict[str, Any], str]] = [
        ({"targetDate": "2025-02-01"}, "accountId or accountNumber"),
        ({"accountNumber": account}, "targetDate"),
        ({"accountNumber": account, "targetDate": "2025-02-01", "assumeRenewal": "Yes"},
         "assumeRenewal"),
        ({"accountNumber": account, "targetDate": "2025-02-01",
          "chargeTypeToExclude": "OneTime,Fees"}, "chargeTypeToExclude"),
        ({"accountNumber": account, "targetDate": "2099-01-01"}, "targetDate"),
        ({"accountNumber": account, "targetDate": "2025-02-01",
          "includingDraftItems": "yes"}, "includingDraftItems"),
    ]  # fmt: skip
    for body, word in cases:
        answer = client.post(PREVIEW, headers=shop.headers, json=body)
        assert answer.status_code == 400, (body, answer.text)
        refusal = answer.json()
        assert refusal["success"] is False
        assert word in refusal["reasons"][0]["message"], refusal
    unknown = _preview(client, shop, accountNumber="A09999999", targetDate="2025-02-01")
    assert unknown.status_code in (400, 404)
    assert unknown.json()["success"] is False
