"""Values of the subscription reads zorders derives from the version (issue 13 item 3,
decisions RV*): the status history from its dates."""

from __future__ import annotations

from tests.api.test_response_values import Tenant, _create
from tests.support.test_mode import SandboxApi


def _history(tenant: Tenant) -> list[tuple[str, str | None, str]]:
    sub = tenant.get("/v1/subscriptions/A-S00000001")
    return [(p["startDate"], p["endDate"], p["status"]) for p in sub["statusHistory"]]


def test_a_new_subscription_is_active_from_its_start(sandbox: SandboxApi) -> None:
    tenant = Tenant(sandbox, "2025-01-01T09:30:00Z")
    _create(tenant, "CLOUDDESK-BASIC")
    # Termed 12 months without autoRenew: active for the term, out of term after it.
    assert _history(tenant) == [
        ("2025-01-01", "2026-01-01", "Active"),
        ("2026-01-01", None, "OutOfTerm"),
    ]


def test_suspend_resume_then_cancel(sandbox: SandboxApi) -> None:
    tenant = Tenant(sandbox, "2025-01-01T09:30:00Z")
    account = _create(tenant, "CLOUDDESK-BASIC")["accountNumber"]
    tenant.amend(
        account,
        "2025-01-15",
        {
            "type": "Suspend",
            "suspend": {"suspendPolicy": "SpecificDate", "suspendSpecificDate": "2025-03-01"},
        },
    )
    # Suspended with no resume date yet: the suspension stays open.
    assert _history(tenant) == [
        ("2025-01-01", "2025-03-01", "Active"),
        ("2025-03-01", None, "Suspended"),
    ]
    tenant.amend(
        account,
        "2025-01-15",
        {
            "type": "Resume",
            "resume": {"resumePolicy": "SpecificDate", "resumeSpecificDate": "2025-04-01"},
        },
    )
    tenant.amend(
        account,
        "2025-01-15",
        {
            "type": "CancelSubscription",
            "cancelSubscription": {
                "cancellationPolicy": "SpecificDate",
                "cancellationEffectiveDate": "2025-09-01",
            },
        },
    )
    assert _history(tenant) == [
        ("2025-01-01", "2025-03-01", "Active"),
        ("2025-03-01", "2025-04-01", "Suspended"),
        ("2025-04-01", "2025-09-01", "Active"),
        ("2025-09-01", None, "Cancelled"),
    ]
