"""Version-gated shapes (issue 13): every place where `Zuora-Version` changes the shape of
an answer, in one table. Each gate names the client's model and key it changes, the
minor version from which the newer shape applies, and both shapes; the views and
`response_keys.complete` consult it, and `tests/api/test_version_gates.py` checks each row.

Kinds of gates:
- `SHAPE`: the key is present in both shapes, its value changes (the view asks `applies`);
- `ADDED`: the key exists from `since` on and is absent below it;
- `REMOVED`: the key exists below `since` and is absent from it on;
- `RENAMED`: below `since` the answer carries `older_key`, from it on `key`.

The minor version of a request is the middleware's (`domain.versions.parse_version`: no
header is 186.0, a date is the newest); it is kept in a context variable for the request so
that `complete` can leave out keys without every route passing it along.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from zorders.domain.versions import ApiVersion, parse_version

zuora_version_var: ContextVar[ApiVersion | None] = ContextVar("zorders_version", default=None)


class GateKind(StrEnum):
    SHAPE = "shape"
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"


@dataclass(frozen=True)
class Gate:
    name: str
    since: Decimal
    kind: GateKind
    models: tuple[str, ...]  # the client's models that hold the key
    key: str
    below: str  # the shape below `since`
    from_since: str  # the shape from `since` on
    where: str  # the endpoints that answer it
    older_key: str | None = None  # RENAMED: the key below `since`

    def applies(self, version: ApiVersion) -> bool:
        """True when `version` gets the newer shape."""
        return version.minor >= self.since


_LEGACY_REQUESTS = (
    "CreateSubscriptionRequest", "UpdateSubscriptionRequest", "CancelSubscriptionRequest",
    "RenewSubscriptionRequest", "SuspendSubscriptionRequest", "ResumeSubscriptionRequest",
)  # fmt: skip
_LEGACY_CALLS = (
    "POST /v1/subscriptions (and /preview), PUT /v1/subscriptions/{key} (and /cancel, "
    "/renew, /suspend, /resume)"
)

GATES: tuple[Gate, ...] = (
    Gate(
        "order_subscriptions",
        Decimal("223.0"),
        GateKind.RENAMED,
        ("CreateOrderResponse",),
        "subscriptions",
        below="`subscriptionNumbers`: the numbers of the order's subscriptions",
        from_since="`subscriptions`: `[{subscriptionNumber, status, subscriptionOwnerId, "
        "subscriptionOwnerNumber}]` (with `subscriptionId` under returnIds)",
        where="POST /v1/orders, POST /v1/async/orders (the job's result)",
        older_key="subscriptionNumbers",
    ),
    Gate(
        "catalog_plan_urls",
        Decimal("230.0"),
        GateKind.SHAPE,
        ("Product", "GetProductResponse"),
        "productRatePlans",
        below="the product's rate plans embedded, each with its `productRatePlanCharges` "
        "(as `GET /v1/rateplan/{product}/productRatePlan` answers them)",
        from_since="the URL of the plans: `/v1/rateplan/{product-id}/productRatePlan`",
        where="GET /v1/catalog/products, GET /v1/catalog/product/{key}",
    ),
    Gate(
        "payment_options",
        Decimal("337.0"),
        GateKind.ADDED,
        ("PaymentResponse", "Payment"),
        "paymentOption",
        below="absent",
        from_since="present (null: zorders has no gateway options)",
        where="GET /v1/payments/{key}, GET /v1/payments, POST /v1/payments, "
        "PUT /v1/payments/{key}/apply",
    ),
    Gate(
        "credit_memo_item_description",
        Decimal("257.0"),
        GateKind.RENAMED,
        ("CreditMemoItem",),
        "description",
        below="`comment` (the item's description)",
        from_since="`description`",
        where="GET /v1/credit-memos/{key}/items",
        older_key="comment",
    ),
    Gate(
        "credit_memo_item_tax_items",
        Decimal("239.0"),
        GateKind.REMOVED,
        ("CreditMemoItem",),
        "creditTaxItems",
        below="`creditTaxItems` (null: zorders computes no tax)",
        from_since="absent (`taxationItems` instead)",
        where="GET /v1/credit-memos/{key}/items",
    ),
    # The legacy subscription calls (issue 14, decision LG2). Request fields: the translator
    # (`api/v1/legacy_orders.py`) refuses the one the request's version does not take.
    Gate(
        "legacy_run_billing",
        Decimal("211.0"),
        GateKind.RENAMED,
        _LEGACY_REQUESTS,
        "runBilling",
        below="`invoice` (196.0 to 207.0; true by default on create), `invoiceCollect` "
        "below 196.0 (gate `legacy_invoice`)",
        from_since="`runBilling`; `invoice` and `invoiceCollect` are refused",
        where=_LEGACY_CALLS,
        older_key="invoice",
    ),
    Gate(
        "legacy_target_date",
        Decimal("211.0"),
        GateKind.RENAMED,
        (*_LEGACY_REQUESTS, "UpdateSubscriptionResponse", "PreviewSubscriptionResponse"),
        "targetDate",
        below="`invoiceTargetDate` (requests, and the preview's answer)",
        from_since="`targetDate`",
        where=_LEGACY_CALLS,
        older_key="invoiceTargetDate",
    ),
    Gate(
        "legacy_invoice",
        Decimal("196.0"),
        GateKind.RENAMED,
        _LEGACY_REQUESTS,
        "invoice",
        below="`invoiceCollect`: bill and collect in one switch (186.0 to 189.0)",
        from_since="`invoice` and `collect` apart",
        where=_LEGACY_CALLS,
        older_key="invoiceCollect",
    ),
    Gate(
        "legacy_preview_taxation_items",
        Decimal("315.0"),
        GateKind.ADDED,
        ("PreviewSubscriptionInvoiceItem",),
        "taxationItems",
        below="absent",
        from_since="present (empty: zorders computes no tax)",
        where="POST /v1/subscriptions/preview, PUT /v1/subscriptions/{key} with preview",
    ),
)

BY_NAME = {gate.name: gate for gate in GATES}


def gate(name: str) -> Gate:
    return BY_NAME[name]


def current_version() -> ApiVersion:
    """The version of the request being answered (186.0 outside a request)."""
    return zuora_version_var.get() or parse_version(None)


def absent_keys(model: str, version: ApiVersion) -> frozenset[str]:
    """The keys of `model` that `version`'s shape leaves out."""
    out: set[str] = set()
    for g in GATES:
        if model not in g.models:
            continue
        newer = g.applies(version)
        if (g.kind is GateKind.ADDED and not newer) or (g.kind is GateKind.REMOVED and newer):
            out.add(g.key)
        elif g.kind is GateKind.RENAMED and g.older_key is not None:
            out.add(g.older_key if newer else g.key)
    return frozenset(out)


def renamed_keys(model: str, version: ApiVersion) -> dict[str, str]:
    """Key -> the key `version` answers it under (RENAMED gates below their version)."""
    return {
        g.key: g.older_key
        for g in GATES
        if model in g.models
        and g.kind is GateKind.RENAMED
        and g.older_key is not None
        and not g.applies(version)
    }
