"""Human-facing object numbers, as Zuora formats them (spec §1.1).

Numbers come from per-tenant sequences; this module only knows their shape.
"""

from __future__ import annotations

from enum import StrEnum


class NumberKind(StrEnum):
    ACCOUNT = "account"
    ORDER = "order"
    SUBSCRIPTION = "subscription"
    CHARGE = "charge"
    INVOICE = "invoice"
    CREDIT_MEMO = "credit_memo"
    PAYMENT = "payment"
    REFUND = "refund"
    BILL_RUN = "bill_run"
    PRODUCT_SKU = "product_sku"
    FULFILLMENT = "fulfillment"
    # Not a number anyone sees: keeps catalog objects in the order they were created.
    CATALOG_POSITION = "catalog_position"


# Prefix and digit count per kind. Zuora's defaults (tenant-configurable in Zuora).
_FORMATS: dict[NumberKind, tuple[str, int]] = {
    NumberKind.ACCOUNT: ("A", 8),
    NumberKind.ORDER: ("O-", 8),
    NumberKind.SUBSCRIPTION: ("A-S", 8),
    NumberKind.CHARGE: ("C-", 8),
    NumberKind.INVOICE: ("INV", 8),
    NumberKind.CREDIT_MEMO: ("CM", 8),
    NumberKind.PAYMENT: ("P-", 8),
    NumberKind.REFUND: ("R-", 8),
    NumberKind.BILL_RUN: ("BR-", 8),
    NumberKind.PRODUCT_SKU: ("SKU-", 8),
    NumberKind.FULFILLMENT: ("F-", 8),
    NumberKind.CATALOG_POSITION: ("", 1),
}


def format_number(kind: NumberKind, value: int) -> str:
    """`format_number(NumberKind.ACCOUNT, 1) == "A00000001"`; wider values keep every digit."""
    if value < 1:
        raise ValueError(f"sequence values start at 1, got {value}")
    prefix, width = _FORMATS[kind]
    return f"{prefix}{value:0{width}d}"
