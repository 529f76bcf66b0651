"""From commands to domain order actions: resolving what a command names (catalog plans,
accounts, the rate plan a change-plan replaces) inside the unit of work.

Errors name their input by a neutral field path (snake_case segments, `a[0].b_c`), which
each dialect's edge renders in its own vocabulary.
"""

from __future__ import annotations

from datetime import date

from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.orders.actions import (
    ActionPayload,
    AddProduct,
    CatalogPlan,
    ChangePlan,
    CreateSubscription,
    NewRatePlan,
    OrderAction,
    OwnerTransfer,
    TriggerDates,
)
from zorders.domain.orders.apply.common import find_rate_plan
from zorders.domain.subscription.model import Subscription
from zorders.services.accounts import find_account
from zorders.services.context import CommandContext
from zorders.services.orders.commands import (
    ActionCommand,
    AddProductCommand,
    ChangePlanCommand,
    CreateSubscriptionCommand,
    OwnerTransferCommand,
    PlanKey,
    RatePlanCommand,
    RequestedDates,
)
from zorders.services.ports import UnitOfWork


class Resolver:
    """Resolves the references of one order; catalog plans are looked up once."""

    def __init__(self, uow: UnitOfWork, ctx: CommandContext, order_date: date) -> None:
        self.uow = uow
        self.ctx = ctx
        self.order_date = order_date
        self._plans: dict[str, CatalogPlan] = {}

    def account_id(self, key: str, field: str) -> str:
        try:
            return find_account(self.uow, self.ctx.tenant_id, key).id
        except DomainError:
            raise DomainError(
                ErrorCode.ACCOUNT_NOT_FOUND_FOR_ORDER, f"Account '{key}' does not exist.", field
            ) from None

    def catalog_plan(self, key: PlanKey) -> CatalogPlan:
        wanted = key.id or key.number
        if not wanted:
            raise DomainError(
                ErrorCode.MISSING_FIELD,
                "'productRatePlanId' may not be null",
                "product_rate_plan_id",
            )
        if wanted in self._plans:
            return self._plans[wanted]
        found = (
            self.uow.catalog.order_plan(self.ctx.tenant_id, plan_id=key.id)
            if key.id
            else self.uow.catalog.order_plan(self.ctx.tenant_id, number=wanted)
        )
        if found is None:
            raise DomainError(
                ErrorCode.CATALOG_REFERENCE_NOT_FOUND,
                f"Product rate plan '{wanted}' does not exist.",
                "product_rate_plan_id" if key.id else "product_rate_plan_number",
            )
        resolved = CatalogPlan(*found)
        self._plans[wanted] = resolved
        return resolved

    def trigger_dates(self, dates: RequestedDates) -> TriggerDates:
        return TriggerDates(
            contract_effective=dates.contract_effective or self.order_date,
            service_activation=dates.service_activation,
            customer_acceptance=dates.customer_acceptance,
        )

    def new_rate_plan(self, command: RatePlanCommand) -> NewRatePlan:
        return NewRatePlan(
            catalog=self.catalog_plan(command.plan),
            charge_overrides=command.charge_overrides,
            unique_token=command.unique_token,
            subscription_rate_plan_number=command.subscription_rate_plan_number,
            custom_fields=dict(command.custom_fields),
        )

    def action(
        self,
        command: ActionCommand,
        sequence: int,
        *,
        order_account_id: str,
        currency: str,
        subscription: Subscription | None,
    ) -> OrderAction:
        return OrderAction(
            type=command.type,
            payload=self.payload(
                command,
                order_account_id=order_account_id,
                currency=currency,
                subscription=subscription,
            ),
            trigger_dates=self.trigger_dates(command.trigger_dates),
            sequence=sequence,
            change_reason=command.change_reason,
            custom_fields=dict(command.custom_fields),
        )

    def payload(
        self,
        command: ActionCommand,
        *,
        order_account_id: str,
        currency: str,
        subscription: Subscription | None,
    ) -> ActionPayload:
        p = command.payload
        if isinstance(p, CreateSubscriptionCommand):
            return CreateSubscription(
                terms=p.terms,
                rate_plans=tuple(self.new_rate_plan(r) for r in p.rate_plans),
                account_id=self.account_id(p.owner_account, "subscription_owner_account_number")
                if p.owner_account
                else order_account_id,
                invoice_owner_account_id=self.account_id(
                    p.invoice_owner_account, "invoice_owner_account_number"
                )
                if p.invoice_owner_account
                else order_account_id,
                currency=p.currency or currency,
                subscription_number=p.subscription_number,
                invoice_separately=p.invoice_separately,
                notes=p.notes,
                externally_managed_by=p.externally_managed_by,
            )
        if isinstance(p, AddProductCommand):
            return AddProduct(self.new_rate_plan(p.rate_plan))
        if isinstance(p, OwnerTransferCommand):
            return OwnerTransfer(
                destination_account_id=self.account_id(
                    p.destination_account, "destination_account_number"
                )
                if p.destination_account
                else None,
                destination_invoice_account_id=self.account_id(
                    p.destination_invoice_account, "destination_invoice_account_number"
                )
                if p.destination_invoice_account
                else None,
            )
        if isinstance(p, ChangePlanCommand):
            old_grade = None
            if subscription is not None:
                old = find_rate_plan(subscription, p.target)
                old_plan = self.uow.catalog.get_plan(self.ctx.tenant_id, old.product_rate_plan_id)
                old_grade = old_plan.grade if old_plan else None
            return ChangePlan(
                target=p.target,
                new_rate_plan=self.new_rate_plan(p.new_rate_plan),
                effective_policy=p.effective_policy,
                effective_date=p.effective_date,
                sub_type=p.sub_type,
                reset_bcd=p.reset_bcd,
                old_grade=old_grade,
            )
        return p
