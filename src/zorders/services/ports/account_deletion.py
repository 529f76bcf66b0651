"""What deleting an account needs from storage (decision RS3)."""

from __future__ import annotations

from typing import Protocol


class AccountDeletionRepository(Protocol):
    def shared_subscriptions(self, tenant_id: str, account_id: str) -> list[str]:
        """Numbers of subscriptions the account shares with another account (owned and
        invoiced apart, or moved by an owner transfer), in any version."""
        ...

    def shared_line_items(self, tenant_id: str, account_id: str) -> list[str]:
        """`order/item` numbers of line items owned and invoiced by different accounts,
        one of them this one."""
        ...

    def remove_transactions(self, tenant_id: str, account_id: str) -> None:
        """Removes the account's subscriptions, orders, line items, fulfillments, billing
        documents, payments and payment methods."""
        ...
