"""A subscription item's `processing_options` (Zuora's `ProcessingOptions`:
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
    given = [(i, o) for i, o in enumerate(x.processing_options for x in items) if o is not None]
    if not given:
        return None
    index, options = given[0]
    where = f"subscriptions[{index}].processing_options"
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
