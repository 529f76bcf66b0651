"""v2 errors: `{type, errors: [{code, parameter, message}], retryable}` (spec §12.1).

Interface:
- `V2Error(type, code, parameter, message, status=400, retryable=False)`: raise it from v2
  code (query parsing, translators) for an error the v1 vocabulary has no code for;
  `bad_request(code, parameter, message)` is the common case. Handlers answer it as is.
- `answer(error, message, field)`: a DomainError's ErrorCode → `V2Answer(status, type,
  problem, retryable)`, from ONE table by Zuora category (`_BY_CATEGORY`), refined for
  "not found": a 404 of the v1 table (the URL names what is not there) stays `not_found`,
  a 400 (a reference in the body) is `bad_request` — both with code `resource_not_found`;
  and a few codes of their own (`_BY_CODE`). Decisions QA1–QA4.
- `v2_body(answers)`, `v2_status(answers)`: the envelope and its HTTP status.
- `validation_answers(errors)`: pydantic errors → `missing_parameter`,
  `unknown_parameter`, `invalid_parameter_integer|number|boolean|string`,
  `invalid_parameter`, with the parameter as a snake_case path (`bill_to.first_name`,
  `subscriptions[0].plan_id`).
- `parameter_name(field)`: a field named by a service in v1 words (`billToContact.zipCode`)
  in v2 words (`bill_to.postal_code`): the vocabulary table `V1_TO_V2_PARAMETERS`, then
  camelCase → snake_case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zorders.api.error_table import ERRORS, Category
from zorders.domain.errors import ErrorCode

__all__ = [
    "V1_TO_V2_PARAMETERS",
    "V2Answer",
    "V2Error",
    "V2Problem",
    "answer",
    "bad_request",
    "parameter_name",
    "v2_body",
    "v2_status",
    "validation_answers",
]


@dataclass(frozen=True)
class V2Problem:
    code: str
    parameter: str | None
    message: str

    def wire(self) -> dict[str, Any]:
        return {"code": self.code, "parameter": self.parameter, "message": self.message}


@dataclass(frozen=True)
class V2Answer:
    status: int
    type: str
    problem: V2Problem | None  # None: an error without details (401, 429)
    retryable: bool = False


class V2Error(Exception):
    """An error of the v2 dialect itself; answered as `{type, errors, retryable}`."""

    def __init__(
        self,
        type: str,
        code: str,
        parameter: str | None,
        message: str,
        status: int = 400,
        retryable: bool = False,
    ) -> None:
        super().__init__(message)
        self.answer = V2Answer(status, type, V2Problem(code, parameter, message), retryable)

    def __repr__(self) -> str:
        return f"V2Error({self.answer!r})"


def bad_request(code: str, parameter: str | None, message: str) -> V2Error:
    return V2Error("bad_request", code, parameter, message)


# (HTTP status, type, code, retryable) by Zuora category; NOT_FOUND is refined in `answer`.
_BY_CATEGORY: dict[Category, tuple[int, str, str | None, bool]] = {
    Category.PERMISSION_DENIED: (403, "forbidden", "invalid_parameter", False),
    Category.AUTHENTICATION_FAILED: (401, "unauthorized", None, False),
    Category.INVALID_VALUE: (400, "bad_request", "invalid_parameter", False),
    Category.UNKNOWN_FIELD: (400, "bad_request", "unknown_parameter", False),
    Category.MISSING_FIELD: (400, "bad_request", "missing_parameter", False),
    Category.MISSING_PARAMETER: (400, "bad_request", "missing_parameter", False),
    Category.INVALID_QUERY_PARAMETER: (400, "bad_request", "invalid_parameter", False),
    # A business rule the request breaks: 409 conflict (spec §12.1), QA2.
    Category.RULE_RESTRICTION: (409, "conflict", "invalid_value", False),
    Category.NOT_FOUND: (404, "not_found", "resource_not_found", False),
    Category.UNSUPPORTED_REQUEST: (405, "method_not_allowed", "invalid_request", False),
    Category.LOCKING_CONTENTION: (409, "conflict", "in_use", True),
    Category.INTERNAL_ERROR: (500, "internal_server_error", "internal_error", False),
    Category.TEMPORARY_ERROR: (503, "service_unavailable", "service_unavailable", True),
    Category.REQUEST_EXCEEDED_LIMIT: (429, "too_many_requests", None, True),
    Category.MALFORMED_REQUEST: (400, "bad_request", "invalid_request", False),
    # The gateway declined: 402 request_failed, card_error (QA3).
    Category.INTEGRATION_ERROR: (402, "request_failed", "card_error", False),
}

# Codes that answer otherwise than their category.
_BY_CODE: dict[ErrorCode, tuple[int, str, str | None, bool]] = {
    # An unknown route: the URL names nothing (the code of the 404 since issue 1).
    ErrorCode.RESOURCE_NOT_FOUND: (404, "not_found", "not_found", False),
    ErrorCode.ORDER_DELETE_NOT_ALLOWED: (409, "conflict", "delete_not_allowed", False),
    ErrorCode.LINE_ITEM_DELETE_NOT_ALLOWED: (409, "conflict", "delete_not_allowed", False),
    ErrorCode.REQUEST_TOO_LARGE: (413, "payload_too_large", "invalid_request", False),
    # The idempotency guide: 409 for a request in progress, 422 for another body.
    ErrorCode.IDEMPOTENCY_KEY_MISMATCH: (
        422,
        "unprocessable_entity",
        "invalid_parameter",
        False,
    ),
    ErrorCode.ACCOUNT_NUMBER_TAKEN: (409, "conflict", "in_use", False),
    ErrorCode.ORDER_NUMBER_TAKEN: (409, "conflict", "in_use", False),
    ErrorCode.SUBSCRIPTION_NUMBER_TAKEN: (409, "conflict", "in_use", False),
    ErrorCode.SKU_TAKEN: (409, "conflict", "in_use", False),
    ErrorCode.PAYMENT_NUMBER_TAKEN: (409, "conflict", "in_use", False),
    ErrorCode.CURRENCY_IN_USE: (409, "conflict", "in_use", False),
}


def answer(error: ErrorCode, message: str, field: str | None = None) -> V2Answer:
    spec = ERRORS[error]
    row = _BY_CODE.get(error) or _BY_CATEGORY[spec.category]
    status, type_, code, retryable = row
    if error not in _BY_CODE and spec.category is Category.NOT_FOUND and spec.status != 404:
        # A reference in the body that names nothing: the request is wrong (spec §12.1).
        status, type_ = 400, "bad_request"
    if code is None:
        return V2Answer(status, type_, None, retryable)
    parameter = parameter_name(field)
    if parameter is None and status == 404 and error not in _BY_CODE:
        # The path's id names nothing: Zuora's sample names the parameter `id` (§12.1).
        parameter = "id"
    return V2Answer(status, type_, V2Problem(code, parameter, _v2_words(message, field)), retryable)


_QUOTED = re.compile(r"'([A-Za-z_][A-Za-z0-9_.\[\]]*)'")


def _v2_words(message: str, field: str | None) -> str:
    """The message's quoted v1 field names in v2 words: `'billCycleDay' must be ...` →
    `'bill_cycle_day' must be ...` (only names with a capital: values keep their case)."""
    if not field:
        return message

    def rename(m: re.Match[str]) -> str:
        name = m.group(1)
        # camelCase field paths only: values (account numbers, keys) are left alone.
        camel = name[0].islower() and any(c.isupper() for c in name.replace("__c", ""))
        if not camel:
            return m.group(0)
        return f"'{parameter_name(name)}'"

    return _QUOTED.sub(rename, message)


def v2_status(answers: Sequence[V2Answer]) -> int:
    return answers[0].status


def v2_body(answers: Sequence[V2Answer]) -> dict[str, Any]:
    return {
        "type": answers[0].type,
        "errors": [a.problem.wire() for a in answers if a.problem is not None],
        "retryable": answers[0].retryable,
    }


# -- parameter names ---------------------------------------------------------------------

# v1 words services use in `DomainError.field` → the v2 words (spec §12.4 vocabulary map).
# Keys are whole path segments; helpers add theirs here rather than in their routes.
V1_TO_V2_PARAMETERS: dict[str, str] = {
    "billToContact": "bill_to",
    "soldToContact": "sold_to",
    "shipToContact": "ship_to",
    "billToContactId": "bill_to_id",
    "soldToContactId": "sold_to_id",
    "zipCode": "postal_code",
    "address1": "line1",
    "address2": "line2",
    "paymentTerm": "payment_terms",
    "creditCard": "payment_method",
    # Card fields: the only v2 body with a card today is an account's `payment_method`.
    "cardNumber": "payment_method.card.card_number",
    "cardType": "payment_method.card.brand",
    "expirationMonth": "payment_method.card.expiry_month",
    "expirationYear": "payment_method.card.expiry_year",
    "securityCode": "payment_method.card.security_code",
    "cardHolderInfo": "payment_method.billing_details",
    "cardHolderName": "name",
    "customFields": "custom_fields",
    "productRatePlanId": "plan_id",
    "productRatePlanChargeId": "price_id",
    "orderLineItems": "line_items",
    "orderActions": "order_actions",
    "ratePlanId": "subscription_plan_id",
    "triggerDates": "start_on",
    "existingAccountNumber": "account_number",
    "newAccount": "account_data",
    # Field names the order services give in neutral snake_case (v2 orders, QO12).
    "existing_account_number": "account_number",
    "productRatePlanNumber": "plan_number",
    "product_rate_plan_number": "plan_number",
    "product_rate_plan_id": "plan_id",
    "product_rate_plan_charge_id": "price_id",
}

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_SEGMENT = re.compile(r"([^.\[\]]+)|(\[[^\]]*\])")


def _snake(word: str) -> str:
    if word in V1_TO_V2_PARAMETERS:
        return V1_TO_V2_PARAMETERS[word]
    if word.endswith("__c"):  # custom field names are the tenant's own
        return word
    return _CAMEL.sub(r"_\1", word).lower()


def parameter_name(field: str | None) -> str | None:
    """`billToContact.zipCode` → `bill_to.postal_code`; `subscriptions[0].ratePlanId` →
    `subscriptions[0].subscription_plan_id`; snake_case names pass unchanged."""
    if not field:
        return field
    out = ""
    for word, index in _SEGMENT.findall(field):
        if index:
            out += index
        else:
            out += ("." if out else "") + _snake(word)
    return out


# -- pydantic validation errors ------------------------------------------------------------

_TYPED = {
    "int": "invalid_parameter_integer",
    "float": "invalid_parameter_number",
    "decimal": "invalid_parameter_number",
    "bool": "invalid_parameter_boolean",
    "string": "invalid_parameter_string",
    "str": "invalid_parameter_string",
}


def _loc_path(loc: Sequence[int | str]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "body"


def _typed_code(kind: str) -> str:
    prefix = kind.split("_", 1)[0]
    return _TYPED.get(prefix, "invalid_parameter")


def validation_answers(errors: Sequence[Any]) -> list[V2Answer]:
    """FastAPI's request-validation errors as v2 answers (all `bad_request`)."""
    answers: list[V2Answer] = []
    for err in errors:
        kind = str(err.get("type", ""))
        parameter = parameter_name(_loc_path(err.get("loc", ())))
        if kind == "json_invalid":
            detail = (err.get("ctx") or {}).get("error", "invalid JSON")
            return [
                V2Answer(
                    400,
                    "bad_request",
                    V2Problem("invalid_request", None, f"Malformed JSON in request body: {detail}"),
                )
            ]
        if kind == "missing":
            code, message = "missing_parameter", f"'{parameter}' is required"
        elif kind == "extra_forbidden":
            code, message = "unknown_parameter", f"'{parameter}' is not a recognized parameter"
        elif kind in ("enum", "literal_error"):
            expected = str((err.get("ctx") or {}).get("expected", ""))
            code = "invalid_parameter"
            message = f"'{parameter}' value should be one of: {expected}"
        else:
            code = _typed_code(kind)
            message = f"'{parameter}': {err.get('msg', 'invalid value')}"
        answers.append(V2Answer(400, "bad_request", V2Problem(code, parameter, message)))
    return answers or [
        V2Answer(400, "bad_request", V2Problem("invalid_request", None, "Invalid request"))
    ]
