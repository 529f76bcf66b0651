"""A subscription item's (or its `cancel`'s) `processing_options` (Zuora's `ProcessingOptions`:
`collection_method`, `target_date`, `document_date`, `draft_invoice`, `payment_method_id`)
as the order's processing options (QL2).

The engine bills and collects per order, for the order's account, not per subscription
(v1 has `processingOptions` on the order only). So a subscription's options are the order's
when the order has that one subscription item and no order-level `processing_options`;
otherwise they are refused, naming the field, rather than applied to more than they say.
"""

from __future__ import annotations

from zorders.api.v2 import order_models as m
from zorders.api.v2.order_prices import unsupported
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.orders.commands import BillingOptions, PaymentOptions, ProcessingOptions

__all__ = ["subscription_processing"]


def _options(p: m.SubscriptionProcessingIn, where: str) -> ProcessingOptions:
    unsupported(
        where, payment_gateway_id=p.payment_gateway_id, refund_reason_code=p.refund_reason_code
    )
    method = p.collection_method
    if method is None:
        if p.model_fields_set - {"collection_method"}:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                f"'{where}.collection_method' is required with the other processing options.",
                f"{where}.collection_method",
            )
        return ProcessingOptions()
    return ProcessingOptions(
        # create_invoice and run_billing bill; collect_payment bills and collects;
        # process_refund asks for the refund the order service refuses for now.
        run_billing=method != "process_refund",
        billing=BillingOptions(
            target_date=p.target_date,
            document_date=p.document_date,
            generate_draft_invoice=bool(p.draft_invoice),
        ),
        collect_payment=method == "collect_payment",
        payment=PaymentOptions(payment_method_id=p.payment_method_id),
        refund=method == "process_refund",
    )


def subscription_processing(body: m.CreateOrderIn) -> ProcessingOptions | None:
    """The order's processing options from its one subscription item, or None when no
    subscription item carries any."""
    items = body.subscriptions or []
    given: list[tuple[str, m.SubscriptionProcessingIn]] = []
    for i, item in enumerate(items):
        if item.processing_options is not None:
            given.append((f"subscriptions[{i}].processing_options", item.processing_options))
        if item.cancel is not None and item.cancel.processing_options is not None:
            given.append(
                (f"subscriptions[{i}].cancel.processing_options", item.cancel.processing_options)
            )
    if not given:
        return None
    where, options = given[0]
    if len(given) > 1:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{where}' and '{given[1][0]}' are mutually exclusive: give one of them.",
            given[1][0],
        )
    if body.processing_options is not None:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'processing_options' and '{where}' are mutually exclusive: give one of them.",
            where,
        )
    if len(items) > 1:
        raise DomainError(
            ErrorCode.INVALID_VALUE,
            f"'{where}' is supported on an order with one subscription item only: billing "
            "runs for the order's account; give the order's 'processing_options' instead.",
            where,
        )
    return _options(options, where)
