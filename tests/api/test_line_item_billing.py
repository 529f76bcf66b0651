"""Billing order line items (issue 10) through the service and the bill run endpoints, on
both backends. Line items are stored directly with their order (the create path is the
sell side's); billing is driven by `bill_account`, `run_billing` and `POST /v1/bill-runs`.

Hand-computed: a sale of 5 x 19.99 with 10 % off is 89.955 -> 89.96 (LI2); a return of 2
of it 2 x 17.991 = 35.982 -> 35.98; fulfillments 2 then 3 of the sale bill
round(89.96 x 2/5 = 35.984) = 35.98, then 89.96 - 35.98 = 53.98."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_bill_run_crud import read_bill_run
from tests.api.test_orders import create_subscription, new_account, order
from tests.conftest import Session
from tests.storage.test_order_store import make_order
from tests.support.line_items import T0, line_item
from zorders.bootstrap import Container
from zorders.domain.billing.documents import DocumentKind
from zorders.domain.line_items.model import (
    BillingRule,
    Fulfillment,
    FulfillmentState,
    FulfillmentType,
    InlineDiscountType,
    ItemCategory,
    ItemState,
    LineItem,
)
from zorders.services import billing
from zorders.services.context import CommandContext
from zorders.services.orders.commands import BillingOptions, ProcessingOptions
from zorders.services.orders.processing import run_billing

TEN = (InlineDiscountType.PERCENTAGE, "10")
DUE = date(2025, 7, 1)


def _account(client: TestClient, shop: Session) -> dict[str, Any]:
    response = client.post("/v1/accounts", json=new_account(), headers=shop.headers)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def _ctx(container: Container, shop: Session) -> CommandContext:
    return container.tenant_clock.context(shop.tenant_id, "test")


def _store(
    container: Container, shop: Session, account_id: str, *items: dict[str, Any]
) -> list[LineItem]:
    """An order of `account_id` holding line items (each a `line_item(...)` override)."""
    number = f"O-{uuid.uuid4().hex[:8]}"
    held = make_order(number, account_id=account_id)
    stored = []
    for n, changes in enumerate(items):
        values: dict[str, Any] = {
            "discount": TEN,
            "state": ItemState.SENT_TO_BILLING,
            "bill_target_date": DUE,
            "transaction_start_date": DUE,
            "transaction_end_date": DUE,
        }
        values.update(changes)
        stored.append(
            line_item(
                order_id=held.id,
                order_number=number,
                item_number=str(n + 1),
                account_id=account_id,
                **values,
            )
        )
    with container.uow_factory() as uow:
        uow.orders.add(shop.tenant_id, held)
        uow.line_items.add_many(shop.tenant_id, stored)
        uow.commit()
    return stored


def _return_of(sale: LineItem, quantity: str = "2", **changes: Any) -> dict[str, Any]:
    return {
        "quantity": quantity,
        "category": ItemCategory.RETURN,
        "original_line_item_id": sale.id,
        "original_order_number": sale.order_number,
        "original_item_number": sale.item_number,
        "bill_target_date": date(2025, 7, 10),
        "transaction_start_date": date(2025, 7, 10),
        "transaction_end_date": date(2025, 7, 10),
        **changes,
    }


def _bill(
    container: Container,
    shop: Session,
    account_id: str,
    target: date,
    line_items: bool | list[str] = True,
    **options: Any,
) -> billing.BillingOutcome:
    ctx = _ctx(container, shop)
    with container.uow_factory() as uow:
        account = uow.accounts.get(shop.tenant_id, account_id, for_update=True)
        assert account is not None
        outcome = billing.bill_account(uow, ctx, account, target, line_items=line_items, **options)
        uow.commit()
    return outcome


def _state(container: Container, shop: Session, item: LineItem) -> ItemState:
    with container.uow_factory(read_only=True) as uow:
        found = uow.line_items.get(shop.tenant_id, item.id)
    assert found is not None
    return found.state


def _bill_run(client: TestClient, shop: Session, **body: Any) -> dict[str, Any]:
    created = client.post(
        "/v1/bill-runs", headers=shop.headers, json={"targetDate": "2025-07-31", **body}
    )
    assert created.status_code == 200, created.text
    run: dict[str, Any] = read_bill_run(client, shop.headers, created.json()["id"])
    return run


def _documents(client: TestClient, shop: Session, number: str) -> list[dict[str, Any]]:
    body = client.get(f"/v1/billing-documents?accountNumber={number}", headers=shop.headers)
    assert body.status_code == 200, body.text
    documents: list[dict[str, Any]] = body.json()["documents"]
    return documents


def test_a_bill_run_invoices_an_account_that_has_only_line_items(
    client: TestClient, container: Container, shop: Session
) -> None:
    account = _account(client, shop)
    [sale] = _store(
        container,
        shop,
        account["accountId"],
        {"transaction_end_date": date(2025, 7, 31), "uom": "Each"},
    )
    run = _bill_run(client, shop, autoPost=True)
    assert (run["status"], run["NumberOfInvoices"], run["NumberOfCreditMemos"]) == (
        "Posted",
        1,
        0,
    )
    assert run["includeOrderLineItems"] is True
    [document] = _documents(client, shop, account["accountNumber"])
    assert (document["documentType"], document["amount"], document["status"]) == (
        "Invoice",
        89.96,
        "Posted",
    )
    invoice = client.get(f"/v1/invoices/{document['id']}", headers=shop.headers).json()
    assert (invoice["amount"], invoice["includesOneTime"], invoice["includesRecurring"]) == (
        89.96,
        True,
        False,
    )
    [item] = client.get(f"/v1/invoices/{document['id']}/items", headers=shop.headers).json()[
        "invoiceItems"
    ]
    assert item["orderLineItemId"] == sale.id
    assert item["fulfillmentId"] is None
    # No subscription, no charge: null on the wire, never "".
    assert (item["subscriptionName"], item["chargeId"], item["productName"]) == (None, None, None)
    assert (item["chargeName"], item["chargeType"], item["chargeAmount"]) == (
        "Widget",
        "OneTime",
        "89.96",
    )
    assert (item["serviceStartDate"], item["serviceEndDate"]) == ("2025-07-01", "2025-07-31")
    assert (item["quantity"], item["unitPrice"], item["unitOfMeasure"]) == (5, 17.991, "Each")
    assert _state(container, shop, sale) is ItemState.COMPLETE
    metrics = client.get(f"/v1/accounts/{account['accountNumber']}", headers=shop.headers).json()
    assert metrics["metrics"]["balance"] == 89.96
    # The same target again: nothing new.
    again = _bill_run(client, shop, autoPost=True)
    assert (again["NumberOfAccounts"] >= 1, again["NumberOfInvoices"]) == (True, 0)
    assert len(_documents(client, shop, account["accountNumber"])) == 1


def test_a_bill_run_without_line_items_leaves_them(
    client: TestClient, container: Container, shop: Session
) -> None:
    account = _account(client, shop)
    [sale] = _store(container, shop, account["accountId"], {})
    run = _bill_run(client, shop, autoPost=True, includeOrderLineItems=False)
    assert (run["includeOrderLineItems"], run["NumberOfInvoices"]) == (False, 0)
    assert _state(container, shop, sale) is ItemState.SENT_TO_BILLING
    # Not yet due, then due.
    early = _bill_run(client, shop, autoPost=True, targetDate="2025-06-30")
    assert early["NumberOfInvoices"] == 0
    assert _state(container, shop, sale) is ItemState.SENT_TO_BILLING
    assert _bill_run(client, shop, autoPost=True)["NumberOfInvoices"] == 1


def test_sales_join_the_subscription_invoice_and_returns_make_a_credit_memo(
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
    account_id = client.get(f"/v1/accounts/{number}", headers=shop.headers).json()["basicInfo"][
        "id"
    ]
    [sale] = _store(container, shop, account_id, {})
    outcome = _bill(container, shop, account_id, date(2025, 7, 1))
    # July in full: platform 29 + seats 3 x 12 + onboarding 99 = 164, and the sale 89.96.
    [invoice] = outcome.documents
    assert invoice.kind is DocumentKind.INVOICE
    assert invoice.amount == Decimal("164") + Decimal("89.96")
    assert [i.item.order_line_item_id for i in invoice.items].count(sale.id) == 1
    # Returning 2 of it in the same run as another sale: the sale on an invoice, the
    # return on a credit memo of its own (never a negative line on an invoice).
    back, more = _store(
        container,
        shop,
        account_id,
        _return_of(sale),
        {"quantity": "1", "discount": None, "bill_target_date": date(2025, 7, 10)},
    )
    outcome = _bill(container, shop, account_id, date(2025, 7, 10), subscription_numbers=())
    assert [(d.kind, d.amount) for d in outcome.documents] == [
        (DocumentKind.INVOICE, Decimal("19.99")),
        (DocumentKind.CREDIT_MEMO, Decimal("35.98")),
    ]
    memo = outcome.credit_memos[0]
    assert [i.item.amount for i in memo.items] == [Decimal("-35.98")]
    billed_sale = next(i for i in invoice.items if i.item.order_line_item_id == sale.id)
    assert memo.items[0].item.reverses == billed_sale.id
    assert (_state(container, shop, back), _state(container, shop, more)) == (
        ItemState.COMPLETE,
        ItemState.COMPLETE,
    )
    body = client.get(f"/v1/credit-memos/{memo.number}", headers=shop.headers).json()
    assert (body["amount"], body["unappliedAmount"]) == (35.98, 35.98)
    [row] = client.get(f"/v1/credit-memos/{memo.number}/items", headers=shop.headers).json()[
        "items"
    ]
    assert (row["orderLineItemId"], row["amount"], row["subscriptionId"]) == (
        back.id,
        35.98,
        None,
    )
    account = client.get(f"/v1/accounts/{number}", headers=shop.headers).json()["metrics"]
    assert (account["balance"], account["creditBalance"]) == (273.95, 35.98)
    kinds = [(d["documentType"], d["amount"]) for d in _documents(client, shop, number)]
    assert sorted(kinds) == [("CreditMemo", 35.98), ("Invoice", 19.99), ("Invoice", 253.96)]
    # Billing the same target twice bills nothing twice.
    assert _bill(container, shop, account_id, date(2025, 7, 10)).documents == ()


def test_only_the_given_line_items_are_billed(
    client: TestClient, container: Container, shop: Session
) -> None:
    account = _account(client, shop)["accountId"]
    first, second = _store(container, shop, account, {}, {"quantity": "1", "discount": None})
    assert _bill(container, shop, account, DUE, line_items=False).documents == ()
    outcome = _bill(container, shop, account, DUE, line_items=[second.id])
    assert [d.amount for d in outcome.documents] == [Decimal("19.99")]
    assert _state(container, shop, first) is ItemState.SENT_TO_BILLING
    assert _bill(container, shop, account, DUE, line_items=[second.id]).documents == ()
    assert [d.amount for d in _bill(container, shop, account, DUE).documents] == [Decimal("89.96")]


def test_a_canceled_invoice_puts_its_line_items_back_to_be_billed_again(
    client: TestClient, container: Container, shop: Session
) -> None:
    account = _account(client, shop)["accountId"]
    [sale] = _store(container, shop, account, {})
    [invoice] = _bill(container, shop, account, DUE).documents
    assert _state(container, shop, sale) is ItemState.COMPLETE
    canceled = client.put(f"/v1/invoices/{invoice.number}/cancel", headers=shop.headers)
    assert canceled.status_code == 200, canceled.text
    assert _state(container, shop, sale) is ItemState.SENT_TO_BILLING
    [again] = _bill(container, shop, account, DUE).documents
    assert (again.amount, again.number != invoice.number) == (Decimal("89.96"), True)
    assert _state(container, shop, sale) is ItemState.COMPLETE


def _fulfillment(item: LineItem, quantity: str, **changes: Any) -> Fulfillment:
    values: dict[str, Any] = {
        "id": uuid.uuid4().hex,
        "number": f"F-{uuid.uuid4().hex[:8]}",
        "line_item_id": item.id,
        "fulfillment_type": FulfillmentType.DELIVERY,
        "state": FulfillmentState.SENT_TO_BILLING,
        "quantity": Decimal(quantity),
        "fulfillment_date": date(2025, 7, 2),
        "bill_target_date": date(2025, 7, 2),
        "created_at": T0,
        "updated_at": T0,
    }
    values.update(changes)
    return Fulfillment(**values)


def _fulfillment_state(container: Container, shop: Session, f: Fulfillment) -> FulfillmentState:
    with container.uow_factory(read_only=True) as uow:
        found = uow.line_items.get_fulfillment(shop.tenant_id, f.id)
    assert found is not None
    return found.state


def test_fulfillments_are_billed_instead_of_their_line_item(
    client: TestClient, container: Container, shop: Session
) -> None:
    account = _account(client, shop)
    rule = {"billing_rule": BillingRule.TRIGGER_AS_FULFILLMENT_OCCURS, "state": ItemState.BOOKED}
    [item] = _store(container, shop, account["accountId"], rule)
    two = _fulfillment(item, "2")
    three = _fulfillment(item, "3", bill_target_date=date(2025, 7, 20))
    pending = _fulfillment(item, "1", state=FulfillmentState.BOOKED)
    with container.uow_factory() as uow:
        for f in (two, three, pending):
            uow.line_items.add_fulfillment(shop.tenant_id, f)
        uow.commit()
    first = _bill(container, shop, account["accountId"], date(2025, 7, 10))
    assert [(d.kind, d.amount) for d in first.documents] == [
        (DocumentKind.INVOICE, Decimal("35.98"))
    ]
    assert _fulfillment_state(container, shop, two) is FulfillmentState.COMPLETE
    assert _fulfillment_state(container, shop, three) is FulfillmentState.SENT_TO_BILLING
    assert _state(container, shop, item) is ItemState.BOOKED  # the client completes it
    run = _bill_run(client, shop, autoPost=True)
    assert run["NumberOfInvoices"] == 1
    documents = sorted(
        _documents(client, shop, account["accountNumber"]), key=lambda d: d["documentNumber"]
    )
    assert [d["amount"] for d in documents] == [35.98, 53.98]
    items = client.get(f"/v1/invoices/{documents[1]['id']}/items", headers=shop.headers).json()
    [row] = items["invoiceItems"]
    assert (row["orderLineItemId"], row["fulfillmentId"], row["quantity"]) == (item.id, three.id, 3)
    assert _fulfillment_state(container, shop, three) is FulfillmentState.COMPLETE
    assert _fulfillment_state(container, shop, pending) is FulfillmentState.BOOKED
    # A return fulfillment of 2 credits its share on a credit memo.
    back = _fulfillment(
        item, "2", fulfillment_type=FulfillmentType.RETURN, bill_target_date=date(2025, 7, 25)
    )
    with container.uow_factory() as uow:
        uow.line_items.add_fulfillment(shop.tenant_id, back)
        uow.commit()
    run = _bill_run(client, shop, autoPost=True)
    assert (run["NumberOfInvoices"], run["NumberOfCreditMemos"]) == (0, 1)
    [memo] = [
        d
        for d in _documents(client, shop, account["accountNumber"])
        if d["documentType"] != "Invoice"
    ]
    assert (memo["documentType"], memo["amount"]) == ("CreditMemo", 35.98)
    assert _bill_run(client, shop, autoPost=True)["NumberOfCreditMemos"] == 0


def test_run_billing_bills_the_orders_own_line_items(
    client: TestClient, container: Container, shop: Session
) -> None:
    account_id = _account(client, shop)["accountId"]
    sale, other = _store(container, shop, account_id, {}, {"quantity": "1", "discount": None})
    ctx = _ctx(container, shop)
    with container.uow_factory() as uow:
        held = uow.orders.get(shop.tenant_id, sale.order_number)
        account = uow.accounts.get(shop.tenant_id, account_id)
        assert held is not None and account is not None
        outcome = run_billing(
            uow,
            ctx,
            held,
            account,
            ProcessingOptions(run_billing=True, billing=BillingOptions(target_date=DUE)),
        )
        uow.commit()
    # Both items of the order, one invoice: 89.96 + 19.99 = 109.95.
    assert [(d.kind, d.amount, d.source_type) for d in outcome.documents] == [
        (DocumentKind.INVOICE, Decimal("109.95"), "Order")
    ]
    assert {i.item.order_line_item_id for i in outcome.documents[0].items} == {sale.id, other.id}
