"""Writes `src/zorders/api/response_keys.json`: every key of the official client's response
models (zuora-sdk, by alias) for the GETs zorders serves, and which model each nested key
holds. The views complete their answers from it (every documented key, null when empty);
`tests/sdk/test_response_keys.py` checks the file is what this script makes.

    .venv/bin/python tools/response_keys.py          # rewrite the file
    .venv/bin/python tools/response_keys.py --check  # exit 1 when it is stale
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path
from typing import Any

import zuora_sdk
from pydantic import BaseModel

OUT = Path(__file__).parents[1] / "src" / "zorders" / "api" / "response_keys.json"

# The response models of the GETs served (path in the client → model), and models the
# same views answer inside other responses.
ROOTS = (
    "AccountDetailResponse",
    "AccountSummaryResponse",
    "DeleteAccountResponse",
    "OperationJobResponse",
    "GetAccountPaymentMethodResponse",
    "GetPaymentMethodForAccountResponse",
    "PaymentMethodResponse",
    "GetSubscriptionResponse",
    "GetSubscriptionsResponse",
    "GetOrderResponse",
    "GetOrdersResponse",
    "GetOrderLineItemResponse",
    "GetAsyncOrderJobResponse",
    "InvoiceResponse",
    "InvoiceItemsResponse",
    "CreditMemoResponse",
    "CreditMemoItemsResponse",
    "PaymentResponse",
    "GetPaymentsResponse",
    "BillRunResponse",
    "GetFulfillmentResponse",
    "GetProductsResponse",
    "GetProductResponse",
    "GetProductRatePlansByProductResponse",
    "GetProductRatePlanResponse",
    "GetProductRatePlanChargeResponse",
    "GetProductRatePlanChargeTierResponse",
    "GetBatchQueryJobResponse",
)


# Keys of the client's models that are no field of Zuora's answer: placeholders the
# generator made for keys named by value (`creditcard`, `ach`, ... lists of an account's
# payment methods).
NOT_KEYS = frozenset({("GetAccountPaymentMethodResponse", "returnedPaymentMethodType")})


def _is_custom(alias: str) -> bool:
    # `Class__NS`, `QuoteNumber__QT`: custom fields of Zuora's connectors (NetSuite, CPQ),
    # present only on tenants that define them.
    return "__" in alias


def absent_when_empty(info: Any) -> bool:
    """Keys Zuora leaves out when they have no value (`nextPage`: "URL to retrieve the next
    page of the response if it exists; otherwise absent")."""
    return "otherwise absent" in (info.description or "")


def one_of(model: type[BaseModel]) -> bool:
    """A oneOf wrapper of the generator (`actual_instance`, `one_of_schemas`): its keys are
    those of whichever alternative the answer holds, none of its own."""
    return "actual_instance" in model.model_fields


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models(arg))
    return found


def table() -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    todo = [getattr(zuora_sdk, name) for name in ROOTS]
    while todo:
        model = todo.pop()
        if model.__name__ in out:
            continue
        keys: dict[str, str | None] = {}
        for name, info in model.model_fields.items():
            alias = info.alias or name
            if name == "additional_properties" or _is_custom(alias):
                continue
            if (model.__name__, alias) in NOT_KEYS or absent_when_empty(info):
                continue
            nested = [m for m in _models(info.annotation) if not one_of(m)]
            keys[alias] = nested[0].__name__ if nested else None
            todo.extend(nested[:1])
        out[model.__name__] = dict(sorted(keys.items()))
    return dict(sorted(out.items()))


def main() -> int:
    text = json.dumps(table(), indent=1) + "\n"
    if "--check" in sys.argv:
        return 0 if OUT.read_text() == text else 1
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
