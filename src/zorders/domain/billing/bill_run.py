"""Bill runs (spec §14.2, issue 5): bill many accounts for one target date.

A run is Pending when created, Processing while it works through accounts in chunks
(remembering the last account done, so that a crashed run resumes where it stopped and
never bills an account twice: billing is idempotent anyway), Completed when every account
was tried, Posted once its documents are posted, Canceled when its drafts are canceled.

Nothing stays stuck (issue 8): an account whose billing fails is recorded against the run
(BillRunAccountError) and the run goes on; the run still ends Completed (or Posted), with
its account errors listed (decisions R1, R2). A run that fails as a whole ends in Error with
the reason (R3); Error runs can be canceled like Completed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from zorders.domain.billing.bill_run_schedule import BillRunSchedule, DateRule
from zorders.domain.catalog.enums import ChargeType


class BillRunStatus(StrEnum):
    PENDING = "Pending"
    PROCESSING = "Processing"
    COMPLETED = "Completed"
    POSTED = "Posted"
    CANCELED = "Canceled"
    ERROR = "Error"


POSTABLE = frozenset({BillRunStatus.COMPLETED})
CANCELLABLE = frozenset({BillRunStatus.PENDING, BillRunStatus.COMPLETED, BillRunStatus.ERROR})
UNFINISHED = frozenset({BillRunStatus.PENDING, BillRunStatus.PROCESSING})

# Zuora's BillRun.ErrorMessage holds at most 2000 characters.
MAX_ERROR_MESSAGE = 2000


def error_message(text: str) -> str:
    """A reason fit to store and show: control characters (a NUL, which PostgreSQL refuses,
    included) become spaces, and it is cut to Zuora's 2000 characters."""
    clean = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)
    return clean if len(clean) <= MAX_ERROR_MESSAGE else clean[: MAX_ERROR_MESSAGE - 3] + "..."


@dataclass(frozen=True)
class BillRunScope:
    """Which accounts a run bills: listed accounts (and subscriptions), or every account
    of the given batches and bill cycle day (None: all). A scheduled run's `as_run_day`
    gives each of its runs the bill cycle days of its run day (`bill_cycle_days`, SB5)."""

    account_ids: tuple[str, ...] = ()
    subscription_numbers: tuple[str, ...] = ()
    batches: tuple[str, ...] = ()
    bill_cycle_day: int | None = None
    as_run_day: bool = False
    bill_cycle_days: tuple[int, ...] = ()

    def cycle_days(self) -> tuple[int, ...]:
        """The bill cycle days of the accounts billed; () = every day."""
        if self.bill_cycle_days:
            return self.bill_cycle_days
        return (self.bill_cycle_day,) if self.bill_cycle_day else ()


@dataclass(frozen=True)
class BillRun:
    id: str
    number: str
    status: BillRunStatus
    target_date: date
    invoice_date: date
    auto_post: bool
    scope: BillRunScope
    exclude: tuple[ChargeType, ...] = ()
    name: str | None = None
    # What the run bills (`includeSubscriptions`, `includeOrderLineItems`; both by default,
    # as the official client sends them). A run for listed subscriptions bills no line item
    # (decision OB5).
    include_subscriptions: bool = True
    include_order_line_items: bool = True
    # Progress: accounts are billed in id order, in batches (one job each, PF43): the
    # batches' jobs in account order, how many are done, and the last account billed
    # before the run was split into batches (a run resumed from an older release).
    cursor: str | None = None
    batches: tuple[str, ...] = ()
    batches_done: int = 0
    accounts_processed: int = 0
    invoices: int = 0
    credit_memos: int = 0
    # Accounts whose billing failed (each one a BillRunAccountError, stored apart).
    account_errors: int = 0
    # Why the run as a whole failed (status Error); None otherwise.
    error_message: str | None = None
    # autoPay collection after posting (SB7): payments made, and declined (kept in Error).
    payments: int = 0
    payments_failed: int = 0
    # A scheduled bill run (SB1): the schedule, how each run's dates follow from its run
    # day, the next run day (None once the schedule has ended), the runs it made. Its own
    # target and invoice dates are those of its next run. It bills nothing itself.
    schedule: BillRunSchedule | None = None
    target_rule: DateRule | None = None
    invoice_rule: DateRule | None = None
    next_run_date: date | None = None
    runs_made: int = 0
    last_run_id: str | None = None
    # A run a schedule made: which, and for which run day.
    scheduled_bill_run_id: str | None = None
    run_date: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class BillRunAccountError:
    """One account of a run whose billing failed: its transaction rolled back (it billed
    nothing), and this was recorded in a transaction of its own."""

    bill_run_id: str
    account_id: str
    account_number: str | None
    code: str  # an ErrorCode value; INTERNAL_ERROR for an unexpected failure
    message: str
    created_at: datetime
