"""The JSON documents of stored values: the codec lives in `zorders.services.documents`
(job payloads are serialized commands too, W1); storage reads and writes through it."""

from zorders.services.documents import (
    from_document,
    order_from_document,
    order_to_document,
    subscription_from_document,
    subscription_to_document,
    to_document,
)

__all__ = [
    "from_document",
    "order_from_document",
    "order_to_document",
    "subscription_from_document",
    "subscription_to_document",
    "to_document",
]
