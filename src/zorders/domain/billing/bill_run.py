"""Bill runs (spec §14.2, issue 5): bill many accounts for one target date.

A run is Pending when created, Processing while it works through accounts in chunks
(remembering the last account done, so that a crashed run resumes where it stopped and
never bills an account twice: billing is idempotent anyway), Completed when every account
was billed, Posted once its documents are posted, Canceled when its drafts are canceled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from zorders.domain.catalog.enums import ChargeType


class BillRunStatus(StrEnum):
    PENDING = "Pending"
    PROCESSING = "Processing"
    COMPLETED = "Completed"
    POSTED = "Posted"
    CANCELED = "Canceled"
    ERROR = "Error"


POSTABLE = frozenset({BillRunStatus.COMPLETED})
CANCELLABLE = frozenset({BillRunStatus.PENDING, BillRunStatus.COMPLETED})


@dataclass(frozen=True)
class BillRunScope:
    """Which accounts a run bills: listed accounts (and subscriptions), or every account
    of the given batches and bill cycle day (None: all)."""

    account_ids: tuple[str, ...] = ()
    subscription_numbers: tuple[str, ...] = ()
    batches: tuple[str, ...] = ()
    bill_cycle_day: int | None = None


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
    # Progress: accounts are billed in id order; the last one billed.
    cursor: str | None = None
    accounts_processed: int = 0
    invoices: int = 0
    credit_memos: int = 0
    errors: tuple[str, ...] = field(default_factory=tuple)
    created_at: datetime | None = None
    updated_at: datetime | None = None
