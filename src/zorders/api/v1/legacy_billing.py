"""The billing switches of the legacy subscription calls (decision LG2): which of
`runBilling`, `invoice`, `invoiceCollect`, `collect`, `targetDate`, `invoiceTargetDate`
a request's `Zuora-Version` takes, as the order's `processingOptions`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from zorders.api.schemas.legacy_subscriptions import LegacyBilling
from zorders.api.version_gates import gate
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.versions import ApiVersion

Body = dict[str, Any]

# Which Zuora-Version takes which billing switch (decision LG2; the client's field notes).
RUN_BILLING_SINCE = gate("legacy_run_billing").since
INVOICE_SINCE = gate("legacy_invoice").since


def json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def clean(values: Mapping[str, Any]) -> Body:
    """Drops absent values; dates as ISO text (the v1 order body is JSON)."""
    out: Body = {}
    for key, value in values.items():
        if value is None or value == {} or value == []:
            continue
        out[key] = json_value(value)
    return out


def refuse(field: str, message: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_VALUE, message, field)


def processing(
    b: LegacyBilling, version: ApiVersion, *, today: date, invoice_default: bool = False
) -> Body | None:
    """The call's billing switches as the order's `processingOptions` (LG2)."""
    given = b.model_fields_set
    if gate("legacy_run_billing").applies(version):
        for name, wire in (
            ("invoice", "invoice"),
            ("invoice_collect", "invoiceCollect"),
            ("invoice_target_date", "invoiceTargetDate"),
        ):
            if name in given and getattr(b, name) is not None:
                raise refuse(
                    wire,
                    f"'{wire}' is not available from Zuora-Version {RUN_BILLING_SINCE} on; "
                    "use 'runBilling' and 'targetDate'.",
                )
        run = bool(b.run_billing)
        collect = bool(b.collect)
        target = b.target_date
    else:
        for name, wire in (("run_billing", "runBilling"), ("target_date", "targetDate")):
            if name in given and getattr(b, name) is not None:
                raise refuse(
                    wire,
                    f"'{wire}' needs Zuora-Version {RUN_BILLING_SINCE} or later; "
                    f"this request is processed at {version.minor}.",
                )
        if gate("legacy_invoice").applies(version):
            if b.invoice_collect is not None:
                raise refuse(
                    "invoiceCollect",
                    "'invoiceCollect' is available with Zuora-Version 186.0 to 189.0 only; "
                    "use 'invoice' and 'collect'.",
                )
            run = invoice_default if b.invoice is None else b.invoice
            collect = bool(b.collect)
        else:
            if b.invoice is not None or b.collect is not None:
                wire = "invoice" if b.invoice is not None else "collect"
                raise refuse(
                    wire,
                    f"'{wire}' needs Zuora-Version {INVOICE_SINCE} or later; use 'invoiceCollect'.",
                )
            run = collect = bool(b.invoice_collect)
        target = b.invoice_target_date
    if collect and not run:
        raise refuse("collect", "'collect' needs the call to bill ('runBilling' or 'invoice').")
    if not run:
        return None
    billing = clean(
        {
            "targetDate": target or today,
            "documentDate": b.document_date,
            "creditMemoReasonCode": b.credit_memo_reason_code,
        }
    )
    return clean(
        {
            "runBilling": True,
            "collectPayment": collect or None,
            "applyCredit": b.apply_credit or None,
            "billingOptions": billing,
        }
    )
