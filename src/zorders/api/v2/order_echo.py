"""The action object a v1 order wrote (`cancelSubscription`, `suspend`, `addProduct`, ...),
put in v2 words for `GET /v2/orders` (QL7): a v1 order reads in v2 with the same object a
v2 request for that change would have sent (`cancel{cancel_date}`, `pause{pause_date}`,
`add_subscription_plans{subscription_plan{plan_number, prices}}`, ...).

Only what v2 can say is translated; a v1 choice v2 has no word for (a `Today` policy, a
resume some periods after the pause) leaves its field out rather than inventing one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zorders.api.v2.order_actions import echo_key
from zorders.domain.orders.model import OrderActionRecord

__all__ = ["action_object", "v2_of_v1"]

Body = dict[str, Any]

_CANCEL_AT = {
    "EndOfLastInvoicePeriod": "invoice_period_end",
    "EndOfCurrentTerm": "subscription_term_end",
}
_REPLACE_AT = {
    "EffectiveImmediately": "now",
    "EffectiveEndOfBillingPeriod": "end_of_billing_period",
    "SpecificDate": "specific_date",
}
_REPLACEMENT = {
    "Upgrade": "upgrade",
    "Downgrade": "downgrade",
    "Crossgrade": "crossgrade",
    "PlanChanged": "other",
}


# The amount fields of v2 action objects: stored as JSON strings (the echo is JSON and
# money is never a float), answered as numbers.
_AMOUNTS = frozenset(
    {"quantity", "amount", "unit_amount", "discount_amount", "discount_percent", "up_to",
     "included_units"}
)  # fmt: skip


def _numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _number(v) if k in _AMOUNTS and isinstance(v, str) else _numbers(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def action_object(record: OrderActionRecord) -> Body:
    """What `GET /v2/orders` shows of an action besides its type and dates: the v2
    request's own object (its amounts as numbers), or a v1 order's in v2 words."""
    echoed = record.request.get(echo_key)
    if echoed:
        result: Body = _numbers(echoed)
        return result
    return v2_of_v1(record)


def _number(value: Any) -> Any:
    """Amounts are kept as JSON strings in the echo; v2 answers numbers."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:  # not an amount after all: as it was written
        return value


def _clean(body: Body) -> Body:
    return {k: v for k, v in body.items() if v is not None and v != [] and v != {}}


def _pricing(pricing: Body | None) -> Body:
    """The one model block of a v1 `pricing` (`recurringPerUnit`, ...) in v2 words."""
    blocks = [(k, v) for k, v in (pricing or {}).items() if isinstance(v, dict)]
    if len(blocks) != 1:
        return {}
    name, block = blocks[0]
    price = _number(block.get("listPrice"))
    return {
        "quantity": _number(block.get("quantity")),
        "unit_amount" if name.endswith("PerUnit") else "amount": price,
        "discount_percent": _number(block.get("discountPercentage")),
        "discount_amount": _number(block.get("discountAmount")),
    }


def _plan(plan: Body) -> Body:
    return _clean(
        {
            "plan_id": plan.get("productRatePlanId"),
            "plan_number": plan.get("productRatePlanNumber"),
            "prices": [
                _clean(
                    {
                        "price_id": c.get("productRatePlanChargeId"),
                        "subscription_item_number": c.get("chargeNumber"),
                        "unique_token": c.get("uniqueToken"),
                        **_pricing(c.get("pricing")),
                    }
                )
                for c in plan.get("chargeOverrides") or ()
            ],
            "unique_token": plan.get("uniqueToken"),
            "custom_fields": plan.get("customFields"),
        }
    )


def _term(term: Body | None) -> Body | None:
    if not term:
        return None
    if term.get("termType") == "EVERGREEN":
        return _clean({"type": "evergreen", "start_date": term.get("startDate")})
    period_type = term.get("periodType")
    return _clean(
        {
            "type": "termed",
            "interval": period_type.lower() if period_type else None,
            "interval_count": term.get("period"),
            "start_date": term.get("startDate"),
        }
    )


def _renewal(body: Body) -> Body | None:
    if body.get("renewalSetting") == "RENEW_TO_EVERGREEN":
        return {"type": "evergreen"}
    terms = body.get("renewalTerms") or []
    return _term({"termType": "TERMED", **terms[0]}) if terms else None


def _cancel(b: Body) -> Body:
    policy = b.get("cancellationPolicy")
    if policy == "SpecificDate":
        return _clean({"cancel_date": b.get("cancellationEffectiveDate")})
    return _clean({"cancel_at": _CANCEL_AT.get(policy or "")})


def _pause(b: Body) -> Body:
    policy = b.get("suspendPolicy")
    if policy == "SpecificDate":
        return _clean({"pause_date": b.get("suspendSpecificDate")})
    if policy == "EndOfLastInvoicePeriod":
        return {"pause_at": "invoice_period_end"}
    if policy == "FixedPeriodsFromToday":
        kind = b.get("suspendPeriodsType")
        return _clean(
            {
                "pause_interval_count": b.get("suspendPeriods"),
                "pause_interval": kind.lower() if kind else None,
            }
        )
    return {}


def _resume(b: Body) -> Body:
    policy = b.get("resumePolicy")
    body: Body = {"extend_term": bool(b.get("extendsTerm"))}
    if policy == "SpecificDate":
        body["resume_date"] = b.get("resumeSpecificDate")
    elif policy == "SuspendDate":
        body["resume_at"] = "pause_date"
    return _clean(body)


def _terms(b: Body) -> Body:
    return _clean(
        {
            "current_term": _term(b.get("lastTerm")),
            "renewal_term": _renewal(b),
            "auto_renew": b.get("autoRenew"),
        }
    )


def _update(b: Body) -> Body:
    items = [
        _clean(
            {
                "subscription_item_number": u.get("chargeNumber"),
                "unique_token": u.get("uniqueToken"),
                "price_id": u.get("productRatePlanChargeId"),
                **_pricing(u.get("pricing")),
                "description": u.get("description"),
                "custom_fields": u.get("customFields"),
            }
        )
        for u in b.get("chargeUpdates") or ()
    ]
    return {
        "subscription_plan": _clean(
            {
                "subscription_plan_id": b.get("ratePlanId"),
                "unique_token": b.get("uniqueToken"),
                "subscription_items": items,
                "custom_fields": b.get("customFields"),
            }
        )
    }


def _replace(b: Body) -> Body:
    return _clean(
        {
            "subscription_plan_id": b.get("ratePlanId"),
            "unique_token": b.get("uniqueToken"),
            "previous_plan_id": b.get("productRatePlanId"),
            "subscription_plan": _plan(b.get("newProductRatePlan") or {}),
            "replace_at": _REPLACE_AT.get(b.get("effectivePolicy") or ""),
            "replacement_type": _REPLACEMENT.get(b.get("subType") or ""),
        }
    )


def v2_of_v1(record: OrderActionRecord) -> Body:
    """`{<v2 field>: <object>}` for a v1 order's action, `{}` when it wrote none."""
    r = record.request
    if "createSubscription" in r:
        made = r["createSubscription"] or {}
        plans = made.get("subscribeToRatePlans") or made.get("subscribeToProducts") or []
        return {"subscription_plans": [_plan(p) for p in plans]}
    if "addProduct" in r:
        return {"add_subscription_plans": {"subscription_plan": _plan(r["addProduct"] or {})}}
    if "updateProduct" in r:
        return {"update_subscription_plans": _update(r["updateProduct"] or {})}
    if "removeProduct" in r:
        b = r["removeProduct"] or {}
        return {
            "remove_subscription_plans": _clean(
                {"subscription_plan_id": b.get("ratePlanId"), "unique_token": b.get("uniqueToken")}
            )
        }
    if "changePlan" in r:
        return {"replace_subscription_plans": _replace(r["changePlan"] or {})}
    if "cancelSubscription" in r:
        return {"cancel": _cancel(r["cancelSubscription"] or {})}
    if "suspend" in r:
        return {"pause": _pause(r["suspend"] or {})}
    if "resume" in r:
        return {"resume": _resume(r["resume"] or {})}
    if "termsAndConditions" in r:
        return {"terms": _terms(r["termsAndConditions"] or {})}
    if "renewSubscription" in r or record.type.value == "RenewSubscription":
        return {"renew": {}}
    return {}
