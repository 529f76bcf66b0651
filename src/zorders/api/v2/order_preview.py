"""The v2 preview body (`POST /v2/orders/preview`; Zuora's `OrderPreviewCreateRequest`):
the create body (QO1) plus `metrics`, `end_date`, `term_end`, `number_of_periods`, into
the same `PreviewOrder` and `PreviewChoices` the v1 preview makes (QP1-QP3).

`account_data` is Zuora's preview account (`currency`, `bill_cycle_day`, `sold_to`,
`custom_fields`) or the create's whole account body: a body that previews is the body
that creates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from zorders.api.v2.accounts import AccountCreate, ContactCreate
from zorders.api.v2.errors import V2Error
from zorders.api.v2.order_commands import create_order
from zorders.api.v2.order_models import CreateOrderIn
from zorders.services.orders.commands import PreviewOrder, ProcessingOptions
from zorders.services.orders.preview import PreviewChoices

__all__ = ["BILLING_DOCUMENTS", "DELTA_METRICS", "PreviewOrderIn", "preview_of"]

Metric = Literal["billing_documents", "delta_metrics"]
BILLING_DOCUMENTS: Metric = "billing_documents"
DELTA_METRICS: Metric = "delta_metrics"
# v2 metrics -> the v1 preview types that compute them.
_PREVIEW_TYPES: dict[str, tuple[str, ...]] = {
    BILLING_DOCUMENTS: ("BillingDocs",),
    DELTA_METRICS: ("ChargeMetrics", "OrderMetrics"),
}


class PreviewAccountIn(AccountCreate):
    """Zuora's preview account needs no name and no bill-to contact: a stand-in account
    takes them (as v1's `previewAccountInfo` does)."""

    name: StrictStr | None = None  # type: ignore[assignment]
    bill_to: ContactCreate | None = None  # type: ignore[assignment]

    def whole(self) -> AccountCreate:
        values = self.model_dump(exclude_unset=True)
        values.setdefault("name", "Preview account")
        values.setdefault(
            "bill_to", self.sold_to.model_dump(exclude_unset=True) if self.sold_to else None
        )
        if values["bill_to"] is None:
            values["bill_to"] = {"first_name": "Preview", "last_name": "Account"}
        return AccountCreate.model_validate(values)


class PreviewOrderIn(CreateOrderIn):
    account_data: PreviewAccountIn | None = None
    metrics: list[Metric] | None = Field(default=None, min_length=1)
    end_date: date | None = None
    term_end: StrictBool | None = None
    number_of_periods: StrictInt | None = Field(default=None, ge=1)


def _through(body: PreviewOrderIn) -> tuple[str | None, date | None, int | None]:
    given = [
        name
        for name in ("end_date", "term_end", "number_of_periods")
        if getattr(body, name) not in (None, False)
    ]
    if len(given) > 1:
        raise V2Error(
            "bad_request",
            "parameters_exclusive",
            given[1],
            f"'{given[0]}' and '{given[1]}' are mutually exclusive: give one of them.",
        )
    if body.end_date is not None:
        return "SpecificDate", body.end_date, None
    if body.term_end:
        return "TermEnd", None, None
    if body.number_of_periods is not None:
        return "NumberOfPeriods", None, body.number_of_periods
    return None, None, None  # through the order date


def preview_of(body: PreviewOrderIn) -> tuple[PreviewOrder, PreviewChoices]:
    """The create's translation of the same body; what only makes an order happen (its
    `state`, `scheduling_options`, `processing_options`) is left out: a preview runs the
    order as executed and bills nothing (QP2)."""
    account = body.account_data
    whole = None if account is None else account.whole()
    # The card of a preview's account is not created: nothing of a preview is (QP4).
    command = create_order(body.model_copy(update={"account_data": whole}))
    command = replace(command, status=None, scheduled_date=None, processing=ProcessingOptions())
    thru_type, specific, periods = _through(body)
    metrics: list[Metric] = body.metrics or [BILLING_DOCUMENTS, DELTA_METRICS]
    types = tuple(t for m in dict.fromkeys(metrics) for t in _PREVIEW_TYPES[m])
    return PreviewOrder(command), PreviewChoices(types, thru_type, specific, periods)
