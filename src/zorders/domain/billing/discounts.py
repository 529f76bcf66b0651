"""Percentage discounts as their own items (spec §14.2): against each charge item they
apply to, the same service span, the opposite sign of the discount's share.
`applied_to_item` finds, on a document, the item a discount item was made against."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from zorders.domain.billing.items import DocumentItem, Item, ProcessingType
from zorders.domain.catalog.enums import (
    ChargeModel,
)
from zorders.domain.money import quantize
from zorders.domain.subscription.model import Subscription


def discount_items(subscription: Subscription, items: Sequence[Item], currency: str) -> list[Item]:
    """Percentage discounts as their own items against each charge item they apply to
    (spec §14.2): same service span, the opposite sign of the discount's share."""
    out: list[Item] = []
    for plan in subscription.rate_plans:
        for discount in plan.charges:
            if discount.charge_model is not ChargeModel.DISCOUNT_PERCENTAGE:
                continue
            targets = (
                {c.number for c in plan.charges}
                if (discount.discount_level is None or discount.discount_level.value == "rateplan")
                else {c.number for c in subscription.all_charges()}
            )
            for item in items:
                if (
                    item.charge_number not in targets
                    or item.processing_type is not ProcessingType.CHARGE
                ):
                    continue
                if (
                    discount.apply_discount_to is not None
                    and not discount.apply_discount_to.applies_to(item.charge_type)
                ):
                    continue
                segment = discount.segment_on(item.service_start)
                if segment is None or segment.discount_percentage is None:
                    continue
                amount = -quantize(item.amount * segment.discount_percentage / 100, currency)
                if amount:
                    out.append(
                        replace(
                            item,
                            charge_number=discount.number,
                            charge_name=discount.name,
                            product_rate_plan_charge_id=discount.product_rate_plan_charge_id,
                            rate_plan_name=plan.name,
                            product_name=plan.product_name,
                            uom=discount.uom,
                            amount=amount,
                            processing_type=ProcessingType.DISCOUNT,
                            applied_to_charge_number=item.charge_number,
                            reverses=None,
                            quantity=None,
                            unit_price=segment.discount_percentage,
                        )
                    )
    return out


def applied_to_item(entry: DocumentItem, items: Iterable[DocumentItem]) -> DocumentItem | None:
    """The item of the same document (`items`) that the discount item `entry` applies to:
    the first item of the discounted charge with the same service start and the opposite
    sign (a discount of a charge is negative, of a credit positive). None when `entry`
    applies to no charge, or when no such item is on the document."""
    item = entry.item
    if item.applied_to_charge_number is None:
        return None
    return next(
        (
            i
            for i in items
            if i.item.charge_number == item.applied_to_charge_number
            and i.item.service_start == item.service_start
            and (i.item.amount > 0) == (item.amount < 0)
        ),
        None,
    )
