"""The v1 edge renders the services' neutral field paths in v1 names (K3)."""

from __future__ import annotations

import pytest

from zorders.api.v1.orders import v1_errors, v1_field
from zorders.domain.errors import DomainError, ErrorCode


@pytest.mark.parametrize(
    ("neutral", "v1"),
    [
        (
            "subscriptions[0].order_actions[1].trigger_dates",
            "subscriptions[0].orderActions[1].triggerDates",
        ),
        (
            "processing_options.billing_options.target_date",
            "processingOptions.billingOptions.targetDate",
        ),
        ("product_rate_plan_id", "productRatePlanId"),
        ("customFields.my_field__c", "customFields.my_field__c"),
        ("orderDate", "orderDate"),
    ],
)
def test_paths(neutral: str, v1: str) -> None:
    assert v1_field(neutral) == v1


def test_the_message_quoting_the_path_is_rendered_too() -> None:
    path = "subscriptions[2].order_actions"
    with pytest.raises(DomainError) as raised, v1_errors():
        raise DomainError(ErrorCode.MISSING_FIELD, f"'{path}' may not be empty", path)
    assert raised.value.message == "'subscriptions[2].orderActions' may not be empty"
    assert raised.value.field == "subscriptions[2].orderActions"
    assert raised.value.code is ErrorCode.MISSING_FIELD
