"""An amendment in Zuora's legacy REST shape (`GET /v1/amendments/...`), derived from the
order action that made it (decision LG7). Keys without a value in zorders are null."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zorders.domain.orders.actions import OrderActionType
from zorders.services.orders.amendments import Amendment


def _stamp(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def _rate_plans(a: Amendment) -> tuple[str | None, str | None]:
    """newRatePlanId / baseRatePlanId: the plan added, or the plan the action names."""
    result = a.action.result or {}
    if a.action.type is OrderActionType.ADD_PRODUCT:
        return result.get("rate_plan_id") or result.get("ratePlanId"), None
    if a.action.type in (OrderActionType.UPDATE_PRODUCT, OrderActionType.REMOVE_PRODUCT):
        request = next(iter(a.action.request.values()), None) or {}
        named = request.get("ratePlanId")
        if a.version is not None and named:
            for plan in a.version.rate_plans:
                if named in (plan.id, plan.original_id, *plan.known_ids):
                    return plan.id, named
        return None, named
    return None, None


def amendment_body(a: Amendment) -> dict[str, Any]:
    sub = a.version
    terms = sub.terms if sub is not None else None
    dates = a.action.trigger_dates
    last = sub.suspensions[-1] if sub is not None and sub.suspensions else None
    suspending = a.action.type in (OrderActionType.SUSPEND, OrderActionType.RESUME)
    effective = dates.get("ContractEffective")
    if a.action.type is OrderActionType.CANCEL_SUBSCRIPTION and sub is not None:
        effective = sub.cancelled_date or effective
    elif a.action.type is OrderActionType.SUSPEND and last is not None:
        effective = last.suspend_date
    elif a.action.type is OrderActionType.RESUME and last is not None:
        effective = last.resume_date
    new_plan, base_plan = _rate_plans(a)
    renewal = terms.next_renewal_term() if terms is not None else None
    current = terms.current_term if terms is not None else None
    return {
        "success": True,
        "id": a.action.id,
        "code": a.code,
        "name": f"{a.type} of {a.subscription.subscription_number}",
        "type": a.type,
        "description": a.action.change_reason,
        "status": "Completed",
        "contractEffectiveDate": dates.get("ContractEffective"),
        "serviceActivationDate": dates.get("ServiceActivation"),
        "customerAcceptanceDate": dates.get("CustomerAcceptance"),
        "effectiveDate": effective,
        "bookingDate": a.order.order_date,
        "suspendDate": last.suspend_date if suspending and last else None,
        "resumeDate": last.resume_date if suspending and last else None,
        "newRatePlanId": new_plan,
        "baseRatePlanId": base_plan,
        "subscriptionId": sub.id if sub is not None else None,
        "baseSubscriptionId": a.base.id if a.base is not None else None,
        "termType": terms.term_type.value if terms is not None else None,
        "currentTerm": current.period if current is not None else None,
        "currentTermPeriodType": current.period_type.value if current is not None else None,
        "termStartDate": terms.term_start_date if terms is not None else None,
        "renewalSetting": terms.renewal_setting.value if terms is not None else None,
        "renewalTerm": renewal.period if renewal is not None else None,
        "renewalTermPeriodType": renewal.period_type.value if renewal is not None else None,
        "autoRenew": terms.auto_renew if terms is not None else None,
        "specificUpdateDate": None,
        "effectivePolicy": None,
        "newSubscriptionOwnerAccountNumber": None,
        "newSubscriptionInvoiceOwnerAccountNumber": None,
        "destinationAccountId": sub.account_id
        if sub is not None and a.action.type is OrderActionType.OWNER_TRANSFER
        else None,
        "destinationInvoiceOwnerId": sub.invoice_owner_account_id
        if sub is not None and a.action.type is OrderActionType.OWNER_TRANSFER
        else None,
        "createdBy": a.order.created_by,
        "createdDate": _stamp(a.order.created_at),
        "updatedBy": a.order.created_by,
        "updatedDate": _stamp(a.order.updated_at or a.order.created_at),
    }
