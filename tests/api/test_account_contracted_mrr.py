"""An account's contracted MRR (`GET /v1/accounts/{key}` `metrics.contractedMrr`, decision
A14): the MRR of the subscriptions it owns once every change already ordered has
happened; nothing for a subscription cancelled, even on a future date, whose own
`contractedMrr` still shows (Zuora's "Contracted MRR" page).

The demo catalog, by hand: CLOUDDESK-BASIC is 29.00 a month plus 3 seats at 12.00 = 65.00
(its 99.00 onboarding is one-time: no MRR); CLOUDDESK-SUPPORT is 49.00 a month. The
tenant's clock stands at 2025-03-01."""

from __future__ import annotations

from typing import Any

from tests.api.test_orders import create_subscription, new_account
from tests.conftest import DEMO_CATALOG
from tests.scenarios.test_scheduled_billing import _call
from tests.support.test_mode import SandboxApi

TODAY = "2025-03-01"


def _on(day: str) -> list[dict[str, str]]:
    return [{"name": "ContractEffective", "triggerDate": day}]


def _amend(
    api: SandboxApi, t: dict[str, Any], account: str, number: str, action: dict[str, Any]
) -> None:
    _call(
        api,
        t,
        "POST",
        "/v1/orders",
        json={
            "orderDate": TODAY,
            "existingAccountNumber": account,
            "subscriptions": [{"subscriptionNumber": number, "orderActions": [action]}],
        },
    )


def _metrics(api: SandboxApi, t: dict[str, Any], account: str) -> Any:
    return _call(api, t, "GET", f"/v1/accounts/{account}")["metrics"]["contractedMrr"]


def _subscription_mrr(api: SandboxApi, t: dict[str, Any], number: str) -> Any:
    return _call(api, t, "GET", f"/v1/subscriptions/{number}")["contractedMrr"]


def test_an_accounts_contracted_mrr_counts_future_changes_and_not_cancelled_ones(
    sandbox: SandboxApi,
) -> None:
    t = sandbox.new_tenant(now=f"{TODAY}T00:00:00Z", catalog=DEMO_CATALOG.read_text())
    made = _call(
        sandbox,
        t,
        "POST",
        "/v1/orders",
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [{"orderActions": [create_subscription(start="2025-01-01")]}],
        },
    )
    account = made["accountNumber"]
    basic = made["subscriptions"][0]["subscriptionNumber"]
    assert _metrics(sandbox, t, account) == 65

    # A second subscription the account owns, from today: 65 + 49.
    second = _call(
        sandbox,
        t,
        "POST",
        "/v1/orders",
        json={
            "orderDate": TODAY,
            "existingAccountNumber": account,
            "subscriptions": [
                {"orderActions": [create_subscription("CLOUDDESK-SUPPORT", start=TODAY)]}
            ],
        },
    )
    support = second["subscriptions"][0]["subscriptionNumber"]
    assert _metrics(sandbox, t, account) == 114

    # An upsell ordered today for 2025-04-01 counts at once: 65 + 49 + 49.
    add = {
        "type": "AddProduct",
        "triggerDates": _on("2025-04-01"),
        "addProduct": {"productRatePlanNumber": "CLOUDDESK-SUPPORT"},
    }
    _amend(sandbox, t, account, basic, add)
    assert _metrics(sandbox, t, account) == 163

    # A cancellation dated 2025-06-01: the account stops counting it now; the
    # subscription's own contracted MRR still shows its 49.
    cancel = {
        "type": "CancelSubscription",
        "triggerDates": _on("2025-06-01"),
        "cancelSubscription": {
            "cancellationPolicy": "SpecificDate",
            "cancellationEffectiveDate": "2025-06-01",
        },
    }
    _amend(sandbox, t, account, support, cancel)
    assert _subscription_mrr(sandbox, t, support) == 49
    assert _metrics(sandbox, t, account) == 114

    # The figure is the same a month on, once the upsell is in force.
    _call(sandbox, t, "POST", "/zorders/v1/clock/advance", json={"months": 1})
    assert _metrics(sandbox, t, account) == 114


def test_an_account_without_subscriptions_or_with_an_expired_one_has_none(
    sandbox: SandboxApi,
) -> None:
    """A 3-month term from 2025-01-01 that does not renew is Expired on 2025-04-01."""
    t = sandbox.new_tenant(now=f"{TODAY}T00:00:00Z", catalog=DEMO_CATALOG.read_text())
    empty = _call(sandbox, t, "POST", "/v1/accounts", json=new_account())["accountNumber"]
    assert _metrics(sandbox, t, empty) == 0
    short = {
        "initialTerm": {"termType": "TERMED", "period": 3, "periodType": "Month"},
        "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
        "renewalTerms": [{"period": 3, "periodType": "Month"}],
        "autoRenew": False,
    }
    made = _call(
        sandbox,
        t,
        "POST",
        "/v1/orders",
        json={
            "orderDate": "2025-01-01",
            "newAccount": new_account(),
            "subscriptions": [
                {"orderActions": [create_subscription(start="2025-01-01", term=short)]}
            ],
        },
    )
    account = made["accountNumber"]
    assert _metrics(sandbox, t, account) == 65
    _call(sandbox, t, "POST", "/zorders/v1/clock/advance", json={"months": 1})
    assert _metrics(sandbox, t, account) == 0
