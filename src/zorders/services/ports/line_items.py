"""The port of order line items and their fulfillments."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Protocol

from zorders.domain.line_items.model import Fulfillment, LineItem


class LineItemRepository(Protocol):
    """Order line items and their fulfillments (domain/line_items)."""

    def add_many(self, tenant_id: str, items: Iterable[LineItem]) -> None: ...
    def update(self, tenant_id: str, item: LineItem) -> None: ...
    def get(self, tenant_id: str, item_id: str, *, for_update: bool = False) -> LineItem | None: ...
    def get_many(
        self, tenant_id: str, item_ids: Collection[str], *, for_update: bool = False
    ) -> list[LineItem]:
        """In id order (locks taken in one order)."""
        ...

    def find(
        self, tenant_id: str, order_number: str, item_number: str, *, for_update: bool = False
    ) -> LineItem | None: ...
    def of_order(self, tenant_id: str, order_id: str) -> list[LineItem]: ...
    def of_orders(
        self, tenant_id: str, order_ids: Collection[str]
    ) -> dict[str, list[LineItem]]: ...
    def billable(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        item_ids: Collection[str] | None = None,
    ) -> list[LineItem]:
        """SentToBilling, bill target date on or before `target`, locked, in id order."""
        ...

    def owners_with_billable(
        self, tenant_id: str, invoice_owner_account_ids: Collection[str], target: date
    ) -> set[str]:
        """Which of the accounts have a billable line item or fulfillment for `target`."""
        ...

    def returns_of(self, tenant_id: str, sale_id: str) -> list[LineItem]: ...
    def delete_of_order(self, tenant_id: str, order_id: str) -> None:
        """The order's line items and their fulfillments."""
        ...

    def add_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None: ...
    def update_fulfillment(self, tenant_id: str, fulfillment: Fulfillment) -> None: ...
    def delete_fulfillment(self, tenant_id: str, fulfillment_id: str) -> None: ...
    def get_fulfillment(
        self, tenant_id: str, key: str, *, for_update: bool = False
    ) -> Fulfillment | None: ...
    def fulfillments_of(self, tenant_id: str, line_item_id: str) -> list[Fulfillment]: ...
    def billable_fulfillments(
        self,
        tenant_id: str,
        invoice_owner_account_id: str,
        target: date,
        *,
        line_item_ids: Collection[str] | None = None,
    ) -> list[Fulfillment]:
        """SentToBilling fulfillments of the account's (not Canceled) line items, bill
        target date on or before `target`, locked, in id order."""
        ...
