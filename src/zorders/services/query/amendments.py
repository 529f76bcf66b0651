"""Zuora's Amendment types of the order actions that change an existing subscription
(its SOAP Amendment object's `Type` values; the legacy amendment reads use the same)."""

from __future__ import annotations

from zorders.domain.orders.actions import OrderActionType

# Order action -> Amendment type (a subscribe is not an amendment).
AMENDMENT_TYPES: dict[str, str] = {
    OrderActionType.ADD_PRODUCT.value: "NewProduct",
    OrderActionType.UPDATE_PRODUCT.value: "UpdateProduct",
    OrderActionType.REMOVE_PRODUCT.value: "RemoveProduct",
    OrderActionType.RENEW_SUBSCRIPTION.value: "Renewal",
    OrderActionType.CANCEL_SUBSCRIPTION.value: "Cancellation",
    OrderActionType.TERMS_AND_CONDITIONS.value: "TermsAndConditions",
    OrderActionType.SUSPEND.value: "SuspendSubscription",
    OrderActionType.RESUME.value: "ResumeSubscription",
    OrderActionType.OWNER_TRANSFER.value: "OwnerTransfer",
    OrderActionType.CHANGE_PLAN.value: "Composite",
}
# Every amendment is an action of an order already applied (ZQ17).
AMENDMENT_STATUS = "Completed"
