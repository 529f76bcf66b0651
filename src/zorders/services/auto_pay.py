"""autoPay collection after a bill run (issue 11; decision SB7).

A bill run's Posted invoices of an account with `autoPay: true` and a default payment
method are paid through the gateway in the transaction that posted them (the account's
billing with `autoPost`, or `PUT /v1/bill-runs/{id}/post`): one electronic payment of their
balances, applied to them, as `collectPayment` does for an order (P9). Zuora collects only
posted invoices (its payment runs take "outstanding invoices that have auto-pay enabled and
that have been posted"); drafts wait for the run to be posted. A declined payment is kept
in status Error (P8's `allowPaymentFailure` shape) and the invoices stay open: a decline is
an outcome of the run, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zorders.domain.accounts import Account
from zorders.domain.billing.documents import BillingDocument, DocumentStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.payments import PaymentStatus
from zorders.services.context import CommandContext
from zorders.services.payments import collect_for_order
from zorders.services.ports import PaymentGateway, UnitOfWork


@dataclass(frozen=True)
class Collected:
    payments: int = 0
    failed: int = 0

    def __add__(self, other: Collected) -> Collected:
        return Collected(self.payments + other.payments, self.failed + other.failed)


def collect_auto_pay(
    uow: UnitOfWork,
    ctx: CommandContext,
    gateway: PaymentGateway | None,
    account: Account,
    invoices: Iterable[BillingDocument],
) -> Collected:
    """Pay the account's Posted invoices among `invoices` when it is on autoPay."""
    if not account.auto_pay or account.default_payment_method_id is None:
        return Collected()
    payable = [i for i in invoices if i.status is DocumentStatus.POSTED and i.balance > 0]
    if not payable:
        return Collected()
    if gateway is None:  # a worker built without the composition root's gateway
        raise DomainError(
            ErrorCode.PROCESSING_NOT_SUPPORTED,
            "autoPay collection needs a payment gateway, and this worker has none.",
        )
    payment = collect_for_order(
        uow, ctx, gateway, order_number=None, invoices=payable, allow_failure=True
    )
    if payment is None:
        return Collected()
    if payment.status is PaymentStatus.ERROR:
        return Collected(failed=1)
    return Collected(payments=1)
