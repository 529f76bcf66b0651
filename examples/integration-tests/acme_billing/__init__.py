"""Acme's billing module: how the Acme app signs customers up, changes and cancels their
plans, and reads what they were billed, through Zuora's official Python client
(`pip install zuora-sdk`). It knows nothing of zorders: the same code runs against Zuora.

Every call takes the ZuoraClient and, where a date matters, the business date `on`, so a
test can drive it against a tenant whose clock it moves.
"""

from acme_billing.accounts import (
    balance,
    invoice_lines,
    invoices,
    pay_open_invoices,
    payments,
    replace_card,
)
from acme_billing.models import (
    PLANS,
    BillingError,
    Card,
    Change,
    Customer,
    Invoice,
    Line,
    Payment,
    PaymentDeclined,
    Plan,
    SignUp,
)
from acme_billing.subscriptions import (
    cancel_at_period_end,
    keep_current_plan,
    schedule_downgrade,
    sign_up,
    upgrade,
)

__all__ = [
    "PLANS",
    "BillingError",
    "Card",
    "Change",
    "Customer",
    "Invoice",
    "Line",
    "Payment",
    "PaymentDeclined",
    "Plan",
    "SignUp",
    "balance",
    "cancel_at_period_end",
    "invoice_lines",
    "invoices",
    "keep_current_plan",
    "pay_open_invoices",
    "payments",
    "replace_card",
    "schedule_downgrade",
    "sign_up",
    "upgrade",
]
