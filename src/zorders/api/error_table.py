"""The table from ErrorCode to (8-digit Zuora code, HTTP status): Zuora's categories, our
resource codes, one ErrorSpec per code (decisions F2, A1 and each resource's own).

An 8-digit code is a 6-digit resource code (object and field) followed by a 2-digit
category (spec §1.6). Zuora's own resource-code table is not public (spec §18.15), so the
resource codes below are ours and stable; `500000` is Zuora's "unknown object/field".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from zorders.domain.errors import ErrorCode


class Category(IntEnum):
    """Zuora's error categories (spec §1.6)."""

    PERMISSION_DENIED = 10
    AUTHENTICATION_FAILED = 11
    INVALID_VALUE = 20
    UNKNOWN_FIELD = 21
    MISSING_FIELD = 22
    MISSING_PARAMETER = 23
    INVALID_QUERY_PARAMETER = 27
    RULE_RESTRICTION = 30
    NOT_FOUND = 40
    UNSUPPORTED_REQUEST = 45
    LOCKING_CONTENTION = 50
    INTERNAL_ERROR = 60
    TEMPORARY_ERROR = 61
    REQUEST_EXCEEDED_LIMIT = 70
    MALFORMED_REQUEST = 90
    INTEGRATION_ERROR = 99


RETRYABLE_CATEGORIES = frozenset(
    {
        Category.LOCKING_CONTENTION,
        Category.TEMPORARY_ERROR,
        Category.REQUEST_EXCEEDED_LIMIT,
        Category.INTEGRATION_ERROR,
    }
)

# Resource codes (object + field): ours, since Zuora's table is not public.
RESOURCE_NONE = 0  # no resource: the code is the category alone (the rate-limit 429)
RESOURCE_GENERIC = 500000  # Zuora's "unknown object/field"; used for request-level errors
RESOURCE_TRACK_ID = 500010  # Zuora-Track-Id header
RESOURCE_IDEMPOTENCY_KEY = 500011  # Idempotency-Key header
RESOURCE_ENTITY_IDS = 500012  # Zuora-Entity-Ids header
RESOURCE_ORG_IDS = 500013  # Zuora-Org-Ids header
RESOURCE_OAUTH_CLIENT = 500020  # OAuth client: client_id, client_secret, grant_type
RESOURCE_TENANT = 500030
RESOURCE_CURRENCY = 500040  # a currency code anywhere in a request
RESOURCE_LIMITS = 500050  # a value outside the limits table (domain/limits.py)
RESOURCE_ACCOUNT = 510000  # accounts: 510000–510099, by field (see ERRORS)
RESOURCE_CHARGE = 520300  # product rate plan charge and its tiers
RESOURCE_PRODUCT = 520000
RESOURCE_PRODUCT_RATE_PLAN = 520100
RESOURCE_CATALOG_FILE = 520500
RESOURCE_ORDER = 530000
RESOURCE_SUBSCRIPTION = 531000  # 531003 is Zuora's documented subscription.termType
RESOURCE_ORDER_ACTION = 532000
RESOURCE_SUBSCRIPTION_RATE_PLAN = 533000
# Order line items: 534000–534049 in orders, 534050–534099 updates; 534100– billing.
RESOURCE_ORDER_LINE_ITEM = 534000
RESOURCE_FULFILLMENT = 535000
RESOURCE_INVOICE = 540000
RESOURCE_CREDIT_MEMO = 541000
RESOURCE_PAYMENT = 550000  # payments and payment methods: 550000–550099, by field (see ERRORS)
RESOURCE_BILL_RUN = 542000
# Zuora's own code for a subscription another job holds: 40000050 (issue 11, AO4).
RESOURCE_SUBSCRIPTION_LOCK = 400000
RESOURCE_ASYNC_JOB = 543000
RESOURCE_AUTH = 900000  # codes starting with 9: authentication (spec §1.6)
RESOURCE_BEARER = 900001


@dataclass(frozen=True)
class ErrorSpec:
    resource: int
    category: Category
    status: int

    @property
    def code(self) -> int:
        return self.resource * 100 + self.category


ERRORS: dict[ErrorCode, ErrorSpec] = {
    ErrorCode.MALFORMED_REQUEST: ErrorSpec(RESOURCE_GENERIC, Category.MALFORMED_REQUEST, 400),
    ErrorCode.INVALID_VALUE: ErrorSpec(RESOURCE_GENERIC, Category.INVALID_VALUE, 400),
    ErrorCode.UNKNOWN_FIELD: ErrorSpec(RESOURCE_GENERIC, Category.UNKNOWN_FIELD, 400),
    ErrorCode.MISSING_FIELD: ErrorSpec(RESOURCE_GENERIC, Category.MISSING_FIELD, 400),
    ErrorCode.MISSING_PARAMETER: ErrorSpec(RESOURCE_GENERIC, Category.MISSING_PARAMETER, 400),
    ErrorCode.INVALID_QUERY_PARAMETER: ErrorSpec(
        RESOURCE_GENERIC, Category.INVALID_QUERY_PARAMETER, 400
    ),
    ErrorCode.RESOURCE_NOT_FOUND: ErrorSpec(RESOURCE_GENERIC, Category.NOT_FOUND, 404),
    ErrorCode.METHOD_NOT_SUPPORTED: ErrorSpec(RESOURCE_GENERIC, Category.UNSUPPORTED_REQUEST, 405),
    ErrorCode.INTERNAL_ERROR: ErrorSpec(RESOURCE_GENERIC, Category.INTERNAL_ERROR, 500),
    ErrorCode.LOCKING_CONTENTION: ErrorSpec(RESOURCE_GENERIC, Category.LOCKING_CONTENTION, 409),
    ErrorCode.VALUE_OUT_OF_RANGE: ErrorSpec(RESOURCE_LIMITS, Category.INVALID_VALUE, 400),
    ErrorCode.REQUEST_TOO_LARGE: ErrorSpec(RESOURCE_GENERIC, Category.REQUEST_EXCEEDED_LIMIT, 413),
    ErrorCode.INVALID_TRACK_ID: ErrorSpec(RESOURCE_TRACK_ID, Category.INVALID_VALUE, 400),
    ErrorCode.INVALID_IDEMPOTENCY_KEY: ErrorSpec(
        RESOURCE_IDEMPOTENCY_KEY, Category.INVALID_VALUE, 400
    ),
    ErrorCode.IDEMPOTENCY_KEY_IN_USE: ErrorSpec(
        RESOURCE_IDEMPOTENCY_KEY, Category.LOCKING_CONTENTION, 409
    ),
    ErrorCode.IDEMPOTENCY_KEY_MISMATCH: ErrorSpec(
        RESOURCE_IDEMPOTENCY_KEY, Category.RULE_RESTRICTION, 422
    ),
    # An entity or org the token cannot act in: category 10 (permission or access denied),
    # HTTP 403 as Zuora's operations declare it (decisions.md E3).
    ErrorCode.ENTITY_NOT_ACCESSIBLE: ErrorSpec(
        RESOURCE_ENTITY_IDS, Category.PERMISSION_DENIED, 403
    ),
    ErrorCode.ORG_NOT_ACCESSIBLE: ErrorSpec(RESOURCE_ORG_IDS, Category.PERMISSION_DENIED, 403),
    ErrorCode.INVALID_CLIENT_CREDENTIALS: ErrorSpec(
        RESOURCE_AUTH, Category.AUTHENTICATION_FAILED, 401
    ),
    # Too many failed token requests for a client id or from an address (AU1).
    ErrorCode.TOO_MANY_FAILED_TOKEN_REQUESTS: ErrorSpec(
        RESOURCE_AUTH, Category.REQUEST_EXCEEDED_LIMIT, 429
    ),
    # Zuora's rate limit answers the bare category, 70 (spec §1.9); its concurrency limit
    # 50000070, "Retry-After: 120" (ZL2).
    ErrorCode.RATE_LIMIT_EXCEEDED: ErrorSpec(RESOURCE_NONE, Category.REQUEST_EXCEEDED_LIMIT, 429),
    ErrorCode.CONCURRENCY_LIMIT_EXCEEDED: ErrorSpec(
        RESOURCE_GENERIC, Category.REQUEST_EXCEEDED_LIMIT, 429
    ),
    ErrorCode.AUTHENTICATION_FAILED: ErrorSpec(
        RESOURCE_BEARER, Category.AUTHENTICATION_FAILED, 401
    ),
    ErrorCode.UNSUPPORTED_GRANT_TYPE: ErrorSpec(RESOURCE_OAUTH_CLIENT, Category.INVALID_VALUE, 400),
    ErrorCode.CLIENT_ID_TAKEN: ErrorSpec(RESOURCE_OAUTH_CLIENT, Category.RULE_RESTRICTION, 400),
    ErrorCode.TENANT_NAME_TAKEN: ErrorSpec(RESOURCE_TENANT, Category.RULE_RESTRICTION, 400),
    ErrorCode.TENANT_NOT_FOUND: ErrorSpec(RESOURCE_TENANT, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_CURRENCY: ErrorSpec(RESOURCE_CURRENCY, Category.INVALID_VALUE, 400),
    # Accounts: +1 accountNumber, +2 currency, +3 billCycleDay, +4 paymentTerm, +5 autoPay,
    # +6 options not supported yet, +7 deletion, +10 contact fields, +11 contact ids,
    # +20 custom fields.
    ErrorCode.ACCOUNT_NOT_FOUND: ErrorSpec(RESOURCE_ACCOUNT, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_ACCOUNT_FIELD: ErrorSpec(RESOURCE_ACCOUNT, Category.INVALID_VALUE, 400),
    ErrorCode.ACCOUNT_FIELD_REQUIRED: ErrorSpec(RESOURCE_ACCOUNT, Category.MISSING_FIELD, 400),
    ErrorCode.INVALID_ACCOUNT_NUMBER: ErrorSpec(RESOURCE_ACCOUNT + 1, Category.INVALID_VALUE, 400),
    ErrorCode.ACCOUNT_NUMBER_TAKEN: ErrorSpec(RESOURCE_ACCOUNT + 1, Category.RULE_RESTRICTION, 400),
    ErrorCode.CURRENCY_CHANGE_NOT_ALLOWED: ErrorSpec(
        RESOURCE_ACCOUNT + 2, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_BILL_CYCLE_DAY: ErrorSpec(RESOURCE_ACCOUNT + 3, Category.INVALID_VALUE, 400),
    ErrorCode.INVALID_PAYMENT_TERM: ErrorSpec(RESOURCE_ACCOUNT + 4, Category.INVALID_VALUE, 400),
    ErrorCode.PAYMENT_METHOD_REQUIRED: ErrorSpec(
        RESOURCE_ACCOUNT + 5, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.ACCOUNT_OPTION_NOT_SUPPORTED: ErrorSpec(
        RESOURCE_ACCOUNT + 6, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.ACCOUNT_NOT_DELETABLE: ErrorSpec(
        RESOURCE_ACCOUNT + 7, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.ACCOUNT_CANCELED: ErrorSpec(RESOURCE_ACCOUNT + 8, Category.RULE_RESTRICTION, 400),
    ErrorCode.INVALID_CONTACT_FIELD: ErrorSpec(RESOURCE_ACCOUNT + 10, Category.INVALID_VALUE, 400),
    ErrorCode.CONTACT_FIELD_REQUIRED: ErrorSpec(RESOURCE_ACCOUNT + 10, Category.MISSING_FIELD, 400),
    # A contact id in the body that is not the account's: the request is wrong, not the URL.
    ErrorCode.CONTACT_NOT_FOUND: ErrorSpec(RESOURCE_ACCOUNT + 11, Category.NOT_FOUND, 400),
    ErrorCode.INVALID_CUSTOM_FIELD: ErrorSpec(RESOURCE_ACCOUNT + 20, Category.INVALID_VALUE, 400),
    ErrorCode.PRODUCT_NOT_FOUND: ErrorSpec(RESOURCE_PRODUCT, Category.NOT_FOUND, 404),
    ErrorCode.SKU_TAKEN: ErrorSpec(RESOURCE_PRODUCT + 1, Category.RULE_RESTRICTION, 400),
    ErrorCode.INVALID_DATE_RANGE: ErrorSpec(RESOURCE_PRODUCT + 2, Category.INVALID_VALUE, 400),
    ErrorCode.PRODUCT_RATE_PLAN_NOT_FOUND: ErrorSpec(
        RESOURCE_PRODUCT_RATE_PLAN, Category.NOT_FOUND, 404
    ),
    ErrorCode.CURRENCY_IN_USE: ErrorSpec(
        RESOURCE_PRODUCT_RATE_PLAN + 1, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.PRODUCT_RATE_PLAN_CHARGE_NOT_FOUND: ErrorSpec(
        RESOURCE_CHARGE, Category.NOT_FOUND, 404
    ),
    ErrorCode.CHARGE_TIER_NOT_FOUND: ErrorSpec(RESOURCE_CHARGE + 10, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_CATALOG_FILE: ErrorSpec(RESOURCE_CATALOG_FILE, Category.INVALID_VALUE, 400),
    # Orders: business errors answer 400 (decisions.md #1); only direct reads say 404.
    ErrorCode.ORDER_NOT_FOUND: ErrorSpec(RESOURCE_ORDER, Category.NOT_FOUND, 404),
    ErrorCode.SUBSCRIPTION_LOCKED: ErrorSpec(
        RESOURCE_SUBSCRIPTION_LOCK, Category.LOCKING_CONTENTION, 409
    ),
    ErrorCode.ASYNC_JOB_NOT_FOUND: ErrorSpec(RESOURCE_ASYNC_JOB, Category.NOT_FOUND, 404),
    ErrorCode.ORDER_NUMBER_TAKEN: ErrorSpec(RESOURCE_ORDER + 1, Category.RULE_RESTRICTION, 400),
    ErrorCode.INVALID_ORDER_STATE: ErrorSpec(RESOURCE_ORDER + 2, Category.RULE_RESTRICTION, 400),
    ErrorCode.ORDER_LIMIT_EXCEEDED: ErrorSpec(RESOURCE_ORDER + 3, Category.RULE_RESTRICTION, 400),
    ErrorCode.ORDER_ACCOUNT_CONFLICT: ErrorSpec(RESOURCE_ORDER + 4, Category.INVALID_VALUE, 400),
    ErrorCode.ORDER_DELETE_NOT_ALLOWED: ErrorSpec(
        RESOURCE_ORDER + 5, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER: ErrorSpec(RESOURCE_ORDER + 6, Category.NOT_FOUND, 400),
    ErrorCode.PROCESSING_NOT_SUPPORTED: ErrorSpec(
        RESOURCE_ORDER + 7, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.SUBSCRIPTION_NOT_FOUND: ErrorSpec(RESOURCE_SUBSCRIPTION, Category.NOT_FOUND, 404),
    ErrorCode.SUBSCRIPTION_NUMBER_TAKEN: ErrorSpec(
        RESOURCE_SUBSCRIPTION + 1, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_SUBSCRIPTION_STATE: ErrorSpec(
        RESOURCE_SUBSCRIPTION + 2, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_TERM: ErrorSpec(RESOURCE_SUBSCRIPTION + 3, Category.INVALID_VALUE, 400),
    ErrorCode.SUBSCRIPTION_NOT_FOUND_FOR_ORDER: ErrorSpec(
        RESOURCE_SUBSCRIPTION + 4, Category.NOT_FOUND, 400
    ),
    ErrorCode.ORDER_ACTION_NOT_FOUND: ErrorSpec(RESOURCE_ORDER_ACTION, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_ACTION_DATE: ErrorSpec(
        RESOURCE_ORDER_ACTION + 1, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.RATE_PLAN_NOT_FOUND: ErrorSpec(
        RESOURCE_SUBSCRIPTION_RATE_PLAN, Category.NOT_FOUND, 400
    ),
    ErrorCode.CHARGE_NOT_FOUND: ErrorSpec(
        RESOURCE_SUBSCRIPTION_RATE_PLAN + 1, Category.NOT_FOUND, 400
    ),
    ErrorCode.CATALOG_REFERENCE_NOT_FOUND: ErrorSpec(
        RESOURCE_SUBSCRIPTION_RATE_PLAN + 2, Category.NOT_FOUND, 400
    ),
    ErrorCode.CURRENCY_MISMATCH: ErrorSpec(
        RESOURCE_SUBSCRIPTION_RATE_PLAN + 3, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_PRICING_OVERRIDE: ErrorSpec(
        RESOURCE_SUBSCRIPTION_RATE_PLAN + 4, Category.INVALID_VALUE, 400
    ),
    # Order line items in orders: +1 the number of items, +2 itemNumber, +3
    # productRatePlanChargeId, +4 currency, +5 ownerAccountNumber, +6
    # relatedSubscriptionNumber / uniqueToken, +7 the order's status, +8 transaction dates,
    # +9 price fields, +10 required fields, +11 itemState, +12 the original (sale) item of
    # a return, +13 the return's quantity, +14 deleting the order.
    ErrorCode.ORDER_LINE_ITEM_NOT_FOUND: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM, Category.NOT_FOUND, 404
    ),
    ErrorCode.LINE_ITEM_LIMIT_EXCEEDED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 1, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_LINE_ITEM_NUMBER: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 2, Category.INVALID_VALUE, 400
    ),
    ErrorCode.LINE_ITEM_CHARGE_NOT_FOUND: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 3, Category.NOT_FOUND, 400
    ),
    ErrorCode.LINE_ITEM_CHARGE_NOT_ONE_TIME: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 3, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.LINE_ITEM_CURRENCY_MISMATCH: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 4, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.LINE_ITEM_ACCOUNT_NOT_FOUND: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 5, Category.NOT_FOUND, 400
    ),
    ErrorCode.LINE_ITEM_SUBSCRIPTION_NOT_FOUND: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 6, Category.NOT_FOUND, 400
    ),
    ErrorCode.LINE_ITEMS_NOT_ALLOWED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 7, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_LINE_ITEM_DATES: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 8, Category.INVALID_VALUE, 400
    ),
    ErrorCode.INVALID_LINE_ITEM_PRICE: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 9, Category.INVALID_VALUE, 400
    ),
    ErrorCode.LINE_ITEM_FIELD_REQUIRED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 10, Category.MISSING_FIELD, 400
    ),
    ErrorCode.LINE_ITEM_STATE_NOT_CREATABLE: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 11, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.ORIGINAL_LINE_ITEM_REQUIRED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 12, Category.MISSING_FIELD, 400
    ),
    ErrorCode.ORIGINAL_LINE_ITEM_NOT_FOUND: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 12, Category.NOT_FOUND, 400
    ),
    ErrorCode.RETURN_NOT_ALLOWED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 12, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.RETURN_QUANTITY_EXCEEDED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 13, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.LINE_ITEM_DELETE_NOT_ALLOWED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 14, Category.RULE_RESTRICTION, 400
    ),
    # Order line items: reads, updates and the bulk update: +50 itemState, +51 a field the
    # state forbids, +52 a sale's quantity, +53 the number of items, +54 a duplicate id.
    ErrorCode.INVALID_LINE_ITEM_STATE: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 50, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.LINE_ITEM_FIELD_NOT_EDITABLE: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 51, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.LINE_ITEM_QUANTITY_TOO_LOW: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 52, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.BULK_LINE_ITEM_LIMIT_EXCEEDED: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 53, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.DUPLICATE_LINE_ITEM_ID: ErrorSpec(
        RESOURCE_ORDER_LINE_ITEM + 54, Category.INVALID_VALUE, 400
    ),
    # Fulfillments.
    ErrorCode.FULFILLMENT_NOT_FOUND: ErrorSpec(RESOURCE_FULFILLMENT, Category.NOT_FOUND, 404),
    # The orderLineItemId of a new fulfillment names no line item of the tenant.
    ErrorCode.LINE_ITEM_NOT_FOUND_FOR_FULFILLMENT: ErrorSpec(
        RESOURCE_FULFILLMENT + 1, Category.NOT_FOUND, 400
    ),
    # The line item takes no fulfillment (billing rule, state).
    ErrorCode.FULFILLMENT_NOT_ALLOWED: ErrorSpec(
        RESOURCE_FULFILLMENT + 2, Category.RULE_RESTRICTION, 400
    ),
    # A state move outside states.FULFILLMENT_MOVES; a delete in a state that forbids it.
    ErrorCode.INVALID_FULFILLMENT_STATE: ErrorSpec(
        RESOURCE_FULFILLMENT + 3, Category.RULE_RESTRICTION, 400
    ),
    # More delivered than the item's quantity, more returned than delivered.
    ErrorCode.FULFILLMENT_QUANTITY_EXCEEDED: ErrorSpec(
        RESOURCE_FULFILLMENT + 4, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_FULFILLMENT_QUANTITY: ErrorSpec(
        RESOURCE_FULFILLMENT + 5, Category.INVALID_VALUE, 400
    ),
    # More than 100 fulfillments in one call or on one line item.
    ErrorCode.FULFILLMENT_LIMIT_EXCEEDED: ErrorSpec(
        RESOURCE_FULFILLMENT + 6, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.FULFILLMENT_FIELD_NOT_EDITABLE: ErrorSpec(
        RESOURCE_FULFILLMENT + 7, Category.RULE_RESTRICTION, 400
    ),
    # Billing.
    ErrorCode.INVOICE_NOT_FOUND: ErrorSpec(RESOURCE_INVOICE, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_DOCUMENT_STATE: ErrorSpec(
        RESOURCE_INVOICE + 1, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.CREDIT_MEMO_NOT_FOUND: ErrorSpec(RESOURCE_CREDIT_MEMO, Category.NOT_FOUND, 404),
    # Payments: +0 the payment, +1 amount, +2 currency, +3 invoices applied to, +4 the
    # gateway's answer, +5 the payment's payment method, +6 number, +7 account (accountId,
    # accountNumber, accountKey); payment methods: +10 the method, +11 cardNumber /
    # cardType, +12 expiry, +13 securityCode.
    ErrorCode.PAYMENT_NOT_FOUND: ErrorSpec(RESOURCE_PAYMENT, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_PAYMENT_FIELD: ErrorSpec(RESOURCE_PAYMENT, Category.INVALID_VALUE, 400),
    ErrorCode.PAYMENT_FIELD_REQUIRED: ErrorSpec(RESOURCE_PAYMENT, Category.MISSING_FIELD, 400),
    ErrorCode.INVALID_PAYMENT_STATE: ErrorSpec(RESOURCE_PAYMENT, Category.RULE_RESTRICTION, 400),
    ErrorCode.PAYMENT_NUMBER_TAKEN: ErrorSpec(RESOURCE_PAYMENT + 6, Category.RULE_RESTRICTION, 400),
    ErrorCode.ACCOUNT_NOT_FOUND_FOR_PAYMENT: ErrorSpec(
        RESOURCE_PAYMENT + 7, Category.NOT_FOUND, 400
    ),
    ErrorCode.INVALID_PAYMENT_AMOUNT: ErrorSpec(RESOURCE_PAYMENT + 1, Category.INVALID_VALUE, 400),
    ErrorCode.PAYMENT_CURRENCY_MISMATCH: ErrorSpec(
        RESOURCE_PAYMENT + 2, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.PAYMENT_APPLICATION_NOT_ALLOWED: ErrorSpec(
        RESOURCE_PAYMENT + 3, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVOICE_NOT_FOUND_FOR_PAYMENT: ErrorSpec(
        RESOURCE_PAYMENT + 3, Category.NOT_FOUND, 400
    ),
    # A gateway decline: Zuora's category 99 (integration error), HTTP 400 (spec §16.1).
    ErrorCode.PAYMENT_DECLINED: ErrorSpec(RESOURCE_PAYMENT + 4, Category.INTEGRATION_ERROR, 400),
    ErrorCode.NO_DEFAULT_PAYMENT_METHOD: ErrorSpec(
        RESOURCE_PAYMENT + 5, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.PAYMENT_METHOD_NOT_FOUND_FOR_PAYMENT: ErrorSpec(
        RESOURCE_PAYMENT + 5, Category.NOT_FOUND, 400
    ),
    ErrorCode.PAYMENT_METHOD_NOT_FOUND: ErrorSpec(RESOURCE_PAYMENT + 10, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_PAYMENT_METHOD_FIELD: ErrorSpec(
        RESOURCE_PAYMENT + 10, Category.INVALID_VALUE, 400
    ),
    ErrorCode.PAYMENT_METHOD_FIELD_REQUIRED: ErrorSpec(
        RESOURCE_PAYMENT + 10, Category.MISSING_FIELD, 400
    ),
    ErrorCode.PAYMENT_METHOD_TYPE_NOT_SUPPORTED: ErrorSpec(
        RESOURCE_PAYMENT + 10, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_CARD_NUMBER: ErrorSpec(RESOURCE_PAYMENT + 11, Category.INVALID_VALUE, 400),
    ErrorCode.INVALID_CARD_EXPIRY: ErrorSpec(RESOURCE_PAYMENT + 12, Category.INVALID_VALUE, 400),
    ErrorCode.INVALID_SECURITY_CODE: ErrorSpec(RESOURCE_PAYMENT + 13, Category.INVALID_VALUE, 400),
    ErrorCode.BILL_RUN_NOT_FOUND: ErrorSpec(RESOURCE_BILL_RUN, Category.NOT_FOUND, 404),
    ErrorCode.INVALID_BILL_RUN_FIELD: ErrorSpec(RESOURCE_BILL_RUN, Category.INVALID_VALUE, 400),
    ErrorCode.INVALID_BILL_RUN_STATE: ErrorSpec(
        RESOURCE_BILL_RUN + 1, Category.RULE_RESTRICTION, 400
    ),
    ErrorCode.INVALID_TIERS: ErrorSpec(RESOURCE_CHARGE + 1, Category.INVALID_VALUE, 400),
    ErrorCode.INVALID_PRICE: ErrorSpec(RESOURCE_CHARGE + 2, Category.INVALID_VALUE, 400),
    ErrorCode.UOM_REQUIRED: ErrorSpec(RESOURCE_CHARGE + 3, Category.MISSING_FIELD, 400),
    ErrorCode.INVALID_QUANTITY: ErrorSpec(RESOURCE_CHARGE + 4, Category.INVALID_VALUE, 400),
    ErrorCode.CURRENCY_NOT_ACTIVE: ErrorSpec(RESOURCE_CHARGE + 5, Category.RULE_RESTRICTION, 400),
    ErrorCode.INVALID_CHARGE_SETTING: ErrorSpec(RESOURCE_CHARGE + 6, Category.INVALID_VALUE, 400),
}
