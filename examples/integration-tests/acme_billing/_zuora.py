"""The plumbing: order actions, refusals as exceptions, the SDK's values as Acme's."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from zuora_sdk import (
    CreateOrderAction,
    CreateOrderRequest,
    CreateOrderResponse,
    ProcessingOptionsWithDelayedCapturePayment,
    TriggerDate,
)
from zuora_sdk.exceptions import ApiException
from zuora_sdk.zuora_client import ZuoraClient

from acme_billing.models import BillingError, PaymentDeclined

_TRIGGERS = ("ContractEffective", "ServiceActivation", "CustomerAcceptance")


def action(kind: str, on: date, **body: Any) -> CreateOrderAction:
    """An order action of `kind` effective `on` (all three trigger dates)."""
    triggers = [TriggerDate(name=name, trigger_date=on) for name in _TRIGGERS]
    return CreateOrderAction(type=kind, trigger_dates=triggers, **body)


def bill_and_collect() -> ProcessingOptionsWithDelayedCapturePayment:
    """Invoice what the order makes due and charge the default payment method for it."""
    return ProcessingOptionsWithDelayedCapturePayment(run_billing=True, collect_payment=True)


def place_order(client: ZuoraClient, request: CreateOrderRequest) -> CreateOrderResponse:
    """create_order, with Zuora's refusals as BillingError. Zuora answers some refusals
    with HTTP 400 (the SDK raises ApiException) and others with HTTP 200 and
    `success: false` (the SDK returns them): both are checked."""
    try:
        created = client.orders_api().create_order(request)
    except ApiException as error:
        raise refusal(error.body) from error
    if created.success is False:
        [first, *_] = created.reasons or [None]
        raise _error(getattr(first, "code", ""), getattr(first, "message", "refused"))
    return created


def refusal(body: str | None) -> BillingError:
    """The exception for Zuora's error body `{success: false, reasons: [{code, message}]}`."""
    try:
        [first, *_] = json.loads(body or "{}").get("reasons") or [{}]
    except (ValueError, AttributeError):
        first = {}
    return _error(first.get("code", ""), first.get("message", body or "refused"))


def _error(code: object, message: object) -> BillingError:
    # The last two digits of Zuora's 8-digit codes are the category; 99 = a gateway's.
    kind = PaymentDeclined if str(code).endswith("99") else BillingError
    return kind(str(code), str(message))


def money(value: float | int | str | None) -> Decimal:
    """The SDK carries amounts as floats (or strings): back to exact cents at once."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def day(value: str | date) -> date:
    """The SDK hands dates back as text as often as not."""
    return value if isinstance(value, date) else date.fromisoformat(value[:10])
