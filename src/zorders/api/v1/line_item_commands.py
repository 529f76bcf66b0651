"""`orderLineItems[]` of a v1 order body into `LineItemCommand`s (spec §8.2).

Read in the body's JSON form (amounts and dates may be strings). The fields the services
do not act upon (accounting codes, revenue flags, billing schedule, prepayment: decision
OS2) are kept under their wire names in `extra`, echoed by reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zorders.api.v1.values import amount, day, enum
from zorders.domain.accounts.rules import validate_custom_fields
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.line_items.model import (
    BillingRule,
    InlineDiscountType,
    ItemCategory,
    ItemState,
    ItemType,
    TaxMode,
)
from zorders.services.line_items.commands import LineItemCommand, ReturnOf

Body = Mapping[str, Any]

# Accepted and kept, not acted upon (OS2).
KEPT: tuple[str, ...] = (
    "accountingCode",
    "adjustmentLiabilityAccountingCode",
    "adjustmentRevenueAccountingCode",
    "contractAssetAccountingCode",
    "contractLiabilityAccountingCode",
    "contractRecognizedRevenueAccountingCode",
    "deferredRevenueAccountingCode",
    "recognizedRevenueAccountingCode",
    "unbilledReceivablesAccountingCode",
    "revenueRecognitionRule",
    "excludeItemBillingFromRevenueAccounting",
    "excludeItemBookingFromRevenueAccounting",
    "isAllocationEligible",
    "isUnbilled",
    "billingSchedule",
    "prepaidQuantity",
    "prepaidUom",
    "drawdownPriority",
    "prepaymentUnitType",
    "drawdownScope",
    "fundSupportAccountHierarchy",
    "validityPeriodType",
    "specificValidityPeriodLength",
    "numberOfValidityPeriods",
)


def _kept(item: Body) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in KEPT:
        value = item.get(key)
        if value is None:
            continue
        if key == "prepaidQuantity":
            value = amount(value)
        elif key == "billingSchedule" and isinstance(value, Mapping):
            value = {
                **value,
                "items": [
                    {
                        k: amount(v) if k in ("amount", "percentage") and v is not None else v
                        for k, v in row.items()
                    }
                    for row in value.get("items") or ()
                ],
            }
        out[key] = value
    return out


def _custom(values: Any, where: str) -> dict[str, Any]:
    if not values:
        return {}
    if not isinstance(values, Mapping):
        raise DomainError(ErrorCode.INVALID_CUSTOM_FIELD, f"'{where}' must be an object.", where)
    return validate_custom_fields(values, where)


def line_item(item: Body, index: int) -> LineItemCommand:
    where = f"orderLineItems[{index}]"
    return LineItemCommand(
        item_category=ItemCategory(item.get("itemCategory") or ItemCategory.SALES),
        item_type=enum(ItemType, item.get("itemType")),
        item_state=enum(ItemState, item.get("itemState")),
        item_name=item.get("itemName"),
        item_number=item.get("itemNumber"),
        product_rate_plan_charge_id=item.get("productRatePlanChargeId"),
        product_code=item.get("productCode"),
        quantity=amount(item.get("quantity")),
        list_price_per_unit=amount(item.get("listPricePerUnit")),
        discount_type=enum(InlineDiscountType, item.get("inlineDiscountType")),
        discount_per_unit=amount(item.get("inlineDiscountPerUnit")),
        amount_per_unit=amount(item.get("amountPerUnit")),
        bill_target_date=day(item.get("billTargetDate")),
        billing_rule=enum(BillingRule, item.get("billingRule")),
        transaction_start_date=day(item.get("transactionStartDate")),
        transaction_end_date=day(item.get("transactionEndDate")),
        related_subscription_number=item.get("relatedSubscriptionNumber"),
        unique_token=item.get("uniqueToken"),
        returns=ReturnOf(
            order_number=item.get("originalOrderNumber"),
            item_number=item.get("originalOrderLineItemNumber"),
        ),
        owner_account=item.get("ownerAccountNumber"),
        currency=item.get("currency"),
        bill_to=item.get("billTo"),
        sold_to=item.get("soldTo"),
        ship_to=item.get("shipTo"),
        uom=item.get("UOM"),
        tax_code=item.get("taxCode"),
        tax_mode=enum(TaxMode, item.get("taxMode")),
        purchase_order_number=item.get("purchaseOrderNumber"),
        description=item.get("description"),
        payment_term=item.get("paymentTerm"),
        invoice_template_id=item.get("invoiceTemplateId"),
        sequence_set_id=item.get("sequenceSetId"),
        invoice_group_number=item.get("invoiceGroupNumber"),
        communication_profile_id=item.get("communicationProfileId"),
        custom_fields=_custom(item.get("customFields"), f"{where}.customFields"),
        extra=_kept(item),
    )


def line_items(items: Sequence[Body] | None) -> tuple[LineItemCommand, ...]:
    return tuple(line_item(item, i) for i, item in enumerate(items or ()))
