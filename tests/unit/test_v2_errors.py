"""The v2 error table: DomainError codes -> (status, type, code, retryable); parameters in
v2 words; pydantic validation errors -> v2 codes."""

from __future__ import annotations

import pytest

from zorders.api.v2.errors import (
    V2Error,
    answer,
    bad_request,
    parameter_name,
    v2_body,
    validation_answers,
)
from zorders.domain.errors import ErrorCode


@pytest.mark.parametrize(
    ("error", "status", "type_", "code", "retryable"),
    [
        (ErrorCode.ACCOUNT_NOT_FOUND, 404, "not_found", "resource_not_found", False),
        (ErrorCode.ORDER_NOT_FOUND, 404, "not_found", "resource_not_found", False),
        (ErrorCode.RESOURCE_NOT_FOUND, 404, "not_found", "not_found", False),
        # a reference in the body that names nothing: bad_request, not 404
        (ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER, 400, "bad_request", "resource_not_found", False),
        (ErrorCode.CATALOG_REFERENCE_NOT_FOUND, 400, "bad_request", "resource_not_found", False),
        (ErrorCode.CONTACT_NOT_FOUND, 400, "bad_request", "resource_not_found", False),
        (ErrorCode.INVALID_BILL_CYCLE_DAY, 400, "bad_request", "invalid_parameter", False),
        (ErrorCode.INVALID_CURRENCY, 400, "bad_request", "invalid_parameter", False),
        (ErrorCode.UNKNOWN_FIELD, 400, "bad_request", "unknown_parameter", False),
        (ErrorCode.ACCOUNT_FIELD_REQUIRED, 400, "bad_request", "missing_parameter", False),
        (ErrorCode.MISSING_PARAMETER, 400, "bad_request", "missing_parameter", False),
        (ErrorCode.MALFORMED_REQUEST, 400, "bad_request", "invalid_request", False),
        (ErrorCode.INVALID_ORDER_STATE, 409, "conflict", "invalid_value", False),
        (ErrorCode.PAYMENT_METHOD_REQUIRED, 409, "conflict", "invalid_value", False),
        (ErrorCode.ORDER_DELETE_NOT_ALLOWED, 409, "conflict", "delete_not_allowed", False),
        (ErrorCode.ACCOUNT_NUMBER_TAKEN, 409, "conflict", "in_use", False),
        (ErrorCode.LOCKING_CONTENTION, 409, "conflict", "in_use", True),
        (ErrorCode.SUBSCRIPTION_LOCKED, 409, "conflict", "in_use", True),
        (ErrorCode.IDEMPOTENCY_KEY_IN_USE, 409, "conflict", "in_use", True),
        (
            ErrorCode.IDEMPOTENCY_KEY_MISMATCH,
            422,
            "unprocessable_entity",
            "invalid_parameter",
            False,
        ),
        (ErrorCode.ENTITY_NOT_ACCESSIBLE, 403, "forbidden", "invalid_parameter", False),
        (ErrorCode.METHOD_NOT_SUPPORTED, 405, "method_not_allowed", "invalid_request", False),
        (ErrorCode.REQUEST_TOO_LARGE, 413, "payload_too_large", "invalid_request", False),
        (ErrorCode.INTERNAL_ERROR, 500, "internal_server_error", "internal_error", False),
        (ErrorCode.PAYMENT_DECLINED, 402, "request_failed", "card_error", False),
    ],
)
def test_table(error: ErrorCode, status: int, type_: str, code: str, retryable: bool) -> None:
    got = answer(error, "m", "f")
    assert (got.status, got.type, got.retryable) == (status, type_, retryable)
    assert got.problem is not None and got.problem.code == code


def test_every_error_code_has_an_answer() -> None:
    for error in ErrorCode:
        assert answer(error, "m").status >= 400


def test_unauthorized_has_no_details() -> None:
    body = v2_body([answer(ErrorCode.AUTHENTICATION_FAILED, "Authentication error")])
    assert body == {"type": "unauthorized", "errors": [], "retryable": False}


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (None, None),
        ("currency", "currency"),
        ("billCycleDay", "bill_cycle_day"),
        ("billToContact.zipCode", "bill_to.postal_code"),
        ("soldToContact.firstName", "sold_to.first_name"),
        (
            "subscriptions[0].orderActions[1].triggerDates",
            "subscriptions[0].order_actions[1].start_on",
        ),
        ("orderLineItems[2].productRatePlanChargeId", "line_items[2].price_id"),
        ("customFields.Region__c", "custom_fields.Region__c"),
        ("cardHolderInfo.cardHolderName", "payment_method.billing_details.name"),
        ("bill_to.first_name", "bill_to.first_name"),
    ],
)
def test_parameter_names(field: str | None, expected: str | None) -> None:
    assert parameter_name(field) == expected


def test_v2_error_body() -> None:
    error = bad_request("invalid_parameter", "page_size", "'page_size' must be between 1 and 99")
    assert isinstance(error, V2Error)
    assert v2_body([error.answer]) == {
        "type": "bad_request",
        "errors": [
            {
                "code": "invalid_parameter",
                "parameter": "page_size",
                "message": "'page_size' must be between 1 and 99",
            }
        ],
        "retryable": False,
    }


@pytest.mark.parametrize(
    ("err", "code", "parameter"),
    [
        ({"type": "missing", "loc": ("body", "name")}, "missing_parameter", "name"),
        (
            {"type": "extra_forbidden", "loc": ("body", "bill_to", "zip")},
            "unknown_parameter",
            "bill_to.zip",
        ),
        (
            {"type": "int_parsing", "loc": ("body", "bill_cycle_day"), "msg": "x"},
            "invalid_parameter_integer",
            "bill_cycle_day",
        ),
        (
            {"type": "decimal_parsing", "loc": ("body", "items", 0, "amount"), "msg": "x"},
            "invalid_parameter_number",
            "items[0].amount",
        ),
        (
            {"type": "bool_parsing", "loc": ("body", "auto_pay"), "msg": "x"},
            "invalid_parameter_boolean",
            "auto_pay",
        ),
        (
            {"type": "string_too_long", "loc": ("body", "name"), "msg": "x"},
            "invalid_parameter_string",
            "name",
        ),
        (
            {"type": "literal_error", "loc": ("body", "category"), "ctx": {"expected": "'a'"}},
            "invalid_parameter",
            "category",
        ),
        (
            {"type": "greater_than_equal", "loc": ("query", "page_size"), "msg": "x"},
            "invalid_parameter",
            "page_size",
        ),
    ],
)
def test_validation_errors(err: dict[str, object], code: str, parameter: str) -> None:
    (got,) = validation_answers([err])
    assert got.status == 400 and got.type == "bad_request"
    assert got.problem is not None
    assert (got.problem.code, got.problem.parameter) == (code, parameter)


def test_malformed_json_is_one_invalid_request() -> None:
    answers = validation_answers(
        [{"type": "json_invalid", "loc": ("body", 3), "ctx": {"error": "bad"}}, {"type": "missing"}]
    )
    assert len(answers) == 1
    assert answers[0].problem is not None and answers[0].problem.code == "invalid_request"


def test_the_shared_envelope_speaks_v2_on_v2_paths() -> None:
    from zorders.api.errors import Reason, error_body, error_status

    boom = [Reason(ErrorCode.INTERNAL_ERROR, "Internal error, request id r1")]
    assert error_status(boom, "/v2/orders") == 500
    assert error_body("/v2/orders", boom, request_id="r1", process_id="p") == {
        "type": "internal_server_error",
        "errors": [
            {
                "code": "internal_error",
                "parameter": None,
                "message": "Internal error, request id r1",
            }
        ],
        "retryable": False,
    }
    rule = [Reason(ErrorCode.INVALID_ORDER_STATE, "no", "status")]
    assert error_status(rule, "/v2/orders") == 409
    assert error_status(rule, "/v1/orders") == 400


@pytest.mark.parametrize(
    ("message", "field", "expected"),
    [
        (
            "'billCycleDay' must be between 0 (AutoSet) and 31.",
            "billCycleDay",
            "'bill_cycle_day' must be between 0 (AutoSet) and 31.",
        ),
        (
            "'autoPay' can be true only for an account with a default payment method.",
            "autoPay",
            "'auto_pay' can be true only for an account with a default payment method.",
        ),
        (
            "An account with number 'AE-1' already exists.",
            "accountNumber",
            "An account with number 'AE-1' already exists.",
        ),
        (
            "An account with number 'ACME1' already exists.",
            "accountNumber",
            "An account with number 'ACME1' already exists.",
        ),
        (
            "'billToContact.zipCode' must be 1 to 20 characters.",
            "billToContact.zipCode",
            "'bill_to.postal_code' must be 1 to 20 characters.",
        ),
        (
            "'Region__c' is not a custom field name",
            "Region__c",
            "'Region__c' is not a custom field name",
        ),
        ("Cannot find entity by key: 'Acct9X'.", None, "Cannot find entity by key: 'Acct9X'."),
    ],
)
def test_messages_quote_v2_names(message: str, field: str | None, expected: str) -> None:
    got = answer(ErrorCode.INVALID_VALUE, message, field)
    assert got.problem is not None and got.problem.message == expected


def test_a_404_without_a_field_names_the_id() -> None:
    got = answer(ErrorCode.ACCOUNT_NOT_FOUND, "Cannot find entity by key: 'x'.")
    assert got.problem is not None and got.problem.parameter == "id"
    route = answer(ErrorCode.RESOURCE_NOT_FOUND, "The requested resource does not exist.")
    assert route.problem is not None and route.problem.parameter is None
