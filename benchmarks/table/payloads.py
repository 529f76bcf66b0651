"""Request bodies of the table's rows, in Zuora's v1 dialect, against the demo catalog
(examples/catalog.yaml) or, for the clock row, a one-plan catalog of a 50.00 monthly fee."""

from __future__ import annotations

from typing import Any

# Answers in the newest shape (`subscriptions` in the create-order answer).
NEW = {"Zuora-Version": "223.0"}
TERM = {
    "initialTerm": {"termType": "TERMED", "period": 12, "periodType": "Month"},
    "renewalSetting": "RENEW_WITH_SPECIFIC_TERM",
    "renewalTerms": [{"period": 12, "periodType": "Month"}],
    "autoRenew": True,
}
ACCOUNT = {
    "name": "Bench",
    "currency": "USD",
    "billCycleDay": 1,
    "billToContact": {"firstName": "Ada", "lastName": "Lovelace"},
}


def subscribe(plan: str = "CLOUDDESK-BASIC") -> dict[str, Any]:
    """A CreateSubscription of one plan (Basic: platform fee, seats, setup fee: 3 charges)."""
    return {
        "type": "CreateSubscription",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-01-01"}],
        "createSubscription": {
            "terms": TERM,
            "subscribeToRatePlans": [{"productRatePlanNumber": plan}],
        },
    }


def order(account: str, subscriptions: int = 1) -> dict[str, Any]:
    """An order of `subscriptions` new subscriptions for an existing account; no billing."""
    return {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "subscriptions": [{"orderActions": [subscribe()]} for _ in range(subscriptions)],
    }


def amendment(account: str, subscription: str, seats_charge: str, seats: int) -> dict[str, Any]:
    """An order that changes the Basic seats of `subscription`: one new version."""
    action = {
        "type": "UpdateProduct",
        "triggerDates": [{"name": "ContractEffective", "triggerDate": "2025-01-01"}],
        "updateProduct": {
            "productRatePlanNumber": "CLOUDDESK-BASIC",
            "chargeUpdates": [
                {
                    "chargeNumber": seats_charge,
                    "pricing": {"recurringPerUnit": {"quantity": seats}},
                }
            ],
        },
    }
    return {
        "orderDate": "2025-01-01",
        "existingAccountNumber": account,
        "subscriptions": [{"subscriptionNumber": subscription, "orderActions": [action]}],
    }


# A seeded bill-run account's order: one Basic subscription (benchmarks/bill_runs.py's).
BASIC_ORDER: dict[str, Any] = {
    "orderDate": "2025-01-01",
    "subscriptions": [
        {
            "orderActions": [
                {
                    "type": "CreateSubscription",
                    "createSubscription": {
                        "terms": {
                            "initialTerm": {
                                "termType": "TERMED",
                                "period": 12,
                                "periodType": "Month",
                            },
                            "autoRenew": True,
                        },
                        "subscribeToRatePlans": [{"productRatePlanNumber": "CLOUDDESK-BASIC"}],
                    },
                }
            ]
        }
    ],
}

MONTHLY_CATALOG = """
products:
  - sku: MONTHLY
    name: Monthly service
    ratePlans:
      - name: Monthly
        productRatePlanNumber: MONTHLY-50
        charges:
          - name: Service fee
            productRatePlanChargeNumber: MONTHLY-50-FEE
            type: Recurring
            model: FlatFee
            billingPeriod: Month
            price: {USD: 50.00}
"""
# A daily scheduled bill run, as tests/scenarios/test_scheduled_billing.py makes one.
DAILY_BILL_RUN = {
    "autoPost": True,
    "batches": ["AllBatches"],
    "billCycleDay": "AllBillCycleDays",
    "schedule": {"repeatFrom": "2025-01-01", "repeatType": "Daily", "runTime": 2},
}


def monthly_customer() -> dict[str, Any]:
    """A new account with the 50.00 monthly subscription from 2025-01-01 (12 months)."""
    action = subscribe("MONTHLY-50")
    action["createSubscription"]["terms"] = TERM | {"autoRenew": False}
    return {
        "orderDate": "2025-01-01",
        "newAccount": ACCOUNT,
        "subscriptions": [{"orderActions": [action]}],
    }
