"""Deleting an account (`DELETE /v1/accounts/{key}`, decision RS3).

Zuora starts a backend job that removes every transaction of the account and sets its
status to Canceled. zorders does the same work at once, in the request's transaction, and
records the job as done (`GET /v1/operations/jobs/{id}` reads it: Completed). Zuora's
limits are kept:

- an account that owns a subscription another account is invoiced for, or is invoiced
  for a subscription another account owns, cannot be deleted (Zuora's force-deletion
  setting does not exist here); order line items owned and invoiced apart likewise;
- an account that took part in an owner transfer, as the new or the former owner, cannot
  be deleted: its subscription versions name another account.

What remains is the account itself with its contacts, status Canceled, every metric 0,
no default payment method; deleting it again changes nothing. (Orders and payments on a
Canceled account are not refused yet: no service checks the account status today.)"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zorders.domain.accounts import Account, AccountMetrics, AccountStatus
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.ids import new_id
from zorders.services.ports.jobs import JobRecord, JobState
from zorders.services.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# The kind of the operation job a deletion records; no worker runs it (it is done).
DELETE_ACCOUNT_JOB = "delete_account"
OPERATION_JOB_KINDS = frozenset({DELETE_ACCOUNT_JOB})


@dataclass(frozen=True)
class Deletion:
    account: Account
    job_id: str


def _refuse(account: Account, what: str, names: list[str]) -> DomainError:
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return DomainError(
        ErrorCode.ACCOUNT_NOT_DELETABLE,
        f"Account {account.account_number} cannot be deleted: {what} ({shown}).",
        "account-key",
    )


def delete_account(uow_factory: UnitOfWorkFactory, ctx: CommandContext, key: str) -> Deletion:
    with uow_factory() as uow:
        account = find_account(uow, ctx.tenant_id, key, for_update=True)
        shared = uow.account_deletion.shared_subscriptions(ctx.tenant_id, account.id)
        if shared:
            raise _refuse(
                account,
                "it shares subscriptions with another account as their owner or invoice "
                "owner, or took part in an owner transfer",
                shared,
            )
        items = uow.account_deletion.shared_line_items(ctx.tenant_id, account.id)
        if items:
            raise _refuse(
                account, "order line items are owned and invoiced by different accounts", items
            )
        uow.account_deletion.remove_transactions(ctx.tenant_id, account.id)
        deleted = replace(
            account,
            status=AccountStatus.CANCELED,
            metrics=AccountMetrics(),
            default_payment_method_id=None,
            updated_at=ctx.now,
        )
        uow.accounts.update(ctx.tenant_id, deleted)
        job_id = new_id()
        uow.jobs.add(
            JobRecord(
                id=job_id,
                tenant_id=ctx.tenant_id,
                kind=DELETE_ACCOUNT_JOB,
                payload={"account_id": account.id},
                run_at=None,
                state=JobState.DONE,
                attempts=0,
                available_at=ctx.now,
                lease_until=None,
                last_error=None,
                result={"object_id": account.id, "object_type": "Account"},
                created_at=ctx.now,
                finished_at=ctx.now,
            )
        )
        uow.commit()
    return Deletion(deleted, job_id)


def operation_job(uow: UnitOfWork, ctx: CommandContext, job_id: str) -> JobRecord:
    """The tenant's operation job `job_id` (another tenant's, or another kind: not found)."""
    job = uow.jobs.get(job_id)
    if job is None or job.tenant_id != ctx.tenant_id or job.kind not in OPERATION_JOB_KINDS:
        raise DomainError(
            ErrorCode.RESOURCE_NOT_FOUND, f"Operation job '{job_id}' does not exist.", "jobId"
        )
    return job
