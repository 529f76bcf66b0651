"""The v1 <-> v2 vocabulary map (spec §12.4): enum values of the domain in v2's words."""

from __future__ import annotations

from zorders.domain.billing.documents import DocumentStatus
from zorders.domain.line_items.model import ItemState, ItemType
from zorders.domain.orders.actions import OrderActionType
from zorders.domain.orders.model import OrderCategory, OrderStatus
from zorders.domain.subscription.model import SubscriptionStatus

ORDER_STATES: dict[OrderStatus, str] = {
    OrderStatus.DRAFT: "draft",
    OrderStatus.PENDING: "pending",
    OrderStatus.COMPLETED: "complete",
    OrderStatus.CANCELLED: "canceled",
    OrderStatus.SCHEDULED: "scheduled",
    OrderStatus.EXECUTING: "executing",
    OrderStatus.FAILED: "failed",
}

CATEGORIES: dict[OrderCategory, str] = {
    OrderCategory.NEW_SALES: "sale",
    OrderCategory.RETURN: "return",
}

SUBSCRIPTION_STATES: dict[SubscriptionStatus, str] = {
    SubscriptionStatus.DRAFT: "draft",
    SubscriptionStatus.PENDING_ACTIVATION: "pending_activation",
    SubscriptionStatus.PENDING_ACCEPTANCE: "pending_acceptance",
    SubscriptionStatus.ACTIVE: "active",
    SubscriptionStatus.CANCELLED: "canceled",
    SubscriptionStatus.EXPIRED: "expired",
    SubscriptionStatus.SUSPENDED: "paused",
}

ACTION_TYPES: dict[OrderActionType, str] = {
    OrderActionType.CREATE_SUBSCRIPTION: "create_subscription",
    OrderActionType.TERMS_AND_CONDITIONS: "terms",
    OrderActionType.ADD_PRODUCT: "add_subscription_plan",
    OrderActionType.UPDATE_PRODUCT: "update_subscription_plan",
    OrderActionType.REMOVE_PRODUCT: "remove_subscription_plan",
    OrderActionType.RENEW_SUBSCRIPTION: "renew",
    OrderActionType.CANCEL_SUBSCRIPTION: "cancel",
    OrderActionType.OWNER_TRANSFER: "owner_transfer",
    OrderActionType.SUSPEND: "pause",
    OrderActionType.RESUME: "resume",
    OrderActionType.CHANGE_PLAN: "replace_subscription_plan",
}

# v2 `pending` is v1's Executing (spec §12.4).
ITEM_STATES: dict[str, ItemState] = {
    "pending": ItemState.EXECUTING,
    "booked": ItemState.BOOKED,
    "sent_to_billing": ItemState.SENT_TO_BILLING,
    "complete": ItemState.COMPLETE,
    "canceled": ItemState.CANCELED,
}
ITEM_STATE_NAMES: dict[ItemState, str] = {v: k for k, v in ITEM_STATES.items()}

ITEM_TYPES: dict[str, ItemType] = {
    "product": ItemType.PRODUCT,
    "fee": ItemType.FEE,
    "services": ItemType.SERVICES,
}
ITEM_TYPE_NAMES: dict[ItemType, str] = {
    **{v: k for k, v in ITEM_TYPES.items()},
    ItemType.PREPAYMENT: "prepayment",
}

DOCUMENT_STATES: dict[DocumentStatus, str] = {
    DocumentStatus.DRAFT: "draft",
    DocumentStatus.POSTED: "posted",
    DocumentStatus.CANCELED: "canceled",
}
