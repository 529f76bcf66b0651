"""Line items as tests build them: a sale or a return with derived amounts, stored with
the order that holds it when a test needs it in a database."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Session
from zorders.bootstrap import Container
from zorders.domain.line_items.amounts import derive
from zorders.domain.line_items.model import (
    InlineDiscountType,
    ItemCategory,
    ItemState,
    ItemType,
    LineItem,
    Price,
)
from zorders.domain.orders.model import Order, OrderStatus
from zorders.services.ids import new_id

T0 = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def line_item(
    *,
    order_id: str = "o" * 32,
    order_number: str = "O-00000001",
    account_id: str = "a" * 32,
    item_number: str = "1",
    quantity: str = "5",
    list_price_per_unit: str = "19.99",
    discount: tuple[InlineDiscountType, str] | None = None,
    currency: str = "USD",
    state: ItemState = ItemState.EXECUTING,
    category: ItemCategory = ItemCategory.SALES,
    bill_target_date: date | None = None,
    order_date: date = date(2025, 7, 1),
    **changes: Any,
) -> LineItem:
    kind, per_unit = discount or (InlineDiscountType.NONE, None)
    price = Price(
        quantity=Decimal(quantity),
        list_price_per_unit=Decimal(list_price_per_unit),
        discount_type=kind,
        discount_per_unit=Decimal(per_unit) if per_unit is not None else None,
    )
    item = LineItem(
        id=new_id(),
        order_id=order_id,
        order_number=order_number,
        order_date=order_date,
        item_number=item_number,
        item_type=ItemType.PRODUCT,
        item_category=category,
        state=state,
        item_name="Widget",
        price=price,
        amounts=derive(price, currency),
        currency=currency,
        invoice_owner_account_id=account_id,
        owner_account_id=account_id,
        bill_target_date=bill_target_date,
        transaction_start_date=order_date,
        transaction_end_date=order_date,
        quantity_available_for_return=(
            Decimal(quantity) if category is ItemCategory.SALES else Decimal(0)
        ),
        created_at=T0,
        updated_at=T0,
    )
    return replace(item, **changes)


def store_order(
    container: Container,
    tenant_id: str,
    account_id: str,
    number: str,
    *items: dict[str, Any],
    order_date: date = date(2025, 7, 1),
) -> list[LineItem]:
    """An executed order holding line items built by `line_item(**args)`, one per entry of
    `items`, numbered "1", "2"...; stored directly (no create path needed)."""
    order = Order(
        id=new_id(),
        number=number,
        account_id=account_id,
        status=OrderStatus.COMPLETED,
        order_date=order_date,
        subscriptions=(),
        created_at=T0,
        updated_at=T0,
    )
    built = [
        line_item(
            order_id=order.id,
            order_number=number,
            account_id=account_id,
            item_number=str(n + 1),
            order_date=order_date,
            **args,
        )
        for n, args in enumerate(items)
    ]
    with container.uow_factory() as uow:
        uow.orders.add(tenant_id, order)
        uow.line_items.add_many(tenant_id, built)
        uow.commit()
    return built


@dataclass
class Oli:
    """A tenant's account with line items stored directly, and the v1 calls on them."""

    client: TestClient
    session: Session
    container: Container
    account_id: str
    account_number: str
    orders: int = 0
    # Order numbers of the orders `sell` made, in order.
    sold: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, client: TestClient, session: Session, container: Container) -> Oli:
        body = {
            "name": "Widgets Inc",
            "currency": "USD",
            "billCycleDay": 1,
            "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
        }
        response = client.post("/v1/accounts", json=body, headers=session.headers)
        assert response.status_code == 200, response.text
        account = response.json()
        return cls(client, session, container, account["accountId"], account["accountNumber"])

    def items(self, *items: dict[str, Any], account_id: str | None = None) -> list[str]:
        """Stores an order with these line items (`line_item(**args)` each); their ids."""
        self.orders += 1
        stored = store_order(
            self.container,
            self.session.tenant_id,
            account_id or self.account_id,
            f"O-LI-{self.orders:05d}",
            *items,
        )
        return [i.id for i in stored]

    def sell(self, *items: dict[str, Any], **body: Any) -> list[str]:
        """POST /v1/orders with these `orderLineItems` (v1 bodies) for the account; the
        ids of the items it made."""
        response = self.client.post(
            "/v1/orders",
            headers=self.session.headers | {"Zuora-Version": "223.0"},
            json={
                "orderDate": "2025-07-01",
                "existingAccountNumber": self.account_number,
                "orderLineItems": list(items),
                **body,
            },
        )
        assert response.status_code == 200, response.text
        self.sold.append(response.json()["orderNumber"])
        return [i["id"] for i in response.json()["orderLineItems"]]

    def get(self, item_id: str, query: str = "") -> Any:
        response = self.client.get(
            f"/v1/order-line-items/{item_id}{query}", headers=self.session.headers
        )
        assert response.status_code == 200, response.text
        return response.json()["orderLineItem"]

    def put(self, item_id: str, body: dict[str, Any]) -> Any:
        return self.client.put(
            f"/v1/order-line-items/{item_id}", headers=self.session.headers, json=body
        )

    def bulk(self, body: dict[str, Any], **headers: str) -> Any:
        return self.client.post(
            "/v1/order-line-items/bulk", headers=self.session.headers | headers, json=body
        )


def error_code(response: Any) -> int:
    body = response.json()
    assert body["success"] is False, body
    value: int = body["reasons"][0]["code"]
    return value


def error_message(response: Any) -> str:
    text: str = response.json()["reasons"][0]["message"]
    return text
