"""CreateSubscription (spec §3.6): a new subscription, version 1, from catalog plans."""

from __future__ import annotations

from datetime import date

from zorders.domain.calendar import add_period
from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import CreateSubscription, OrderAction
from zorders.domain.orders.apply.catalog_copy import new_rate_plan
from zorders.domain.orders.apply.common import ActionEnv, Applied, fail, resolve_dates
from zorders.domain.subscription.model import (
    PendingState,
    RatePlan,
    Subscription,
    Terms,
    TermType,
)


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, CreateSubscription)
    if subscription is not None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            "CreateSubscription makes a new subscription: leave subscriptionNumber empty on its "
            "subscriptions[] item (use createSubscription.subscriptionNumber to choose one).",
            "subscriptionNumber",
        )
    dates = resolve_dates(action.trigger_dates, env.rules)
    terms_in = payload.terms
    start = terms_in.start_date or dates.contract_effective
    if terms_in.term_type is TermType.TERMED:
        initial = terms_in.initial_term
        if initial is None or initial.period < 1:
            raise fail(
                ErrorCode.INVALID_TERM,
                "A TERMED subscription needs initialTerm.period (1 or more) and periodType.",
                "initialTerm",
            )
        term_end = add_period(start, initial.period, initial.period_type)
        terms = Terms(
            term_type=TermType.TERMED,
            term_start_date=start,
            term_end_date=term_end,
            initial_term=initial,
            current_term=initial,
            renewal_setting=terms_in.renewal_setting,
            renewal_terms=terms_in.renewal_terms,
            auto_renew=terms_in.auto_renew,
        )
    else:
        terms = Terms(
            term_type=TermType.EVERGREEN,
            term_start_date=start,
            term_end_date=None,
            initial_term=None,
            current_term=None,
            renewal_setting=terms_in.renewal_setting,
            renewal_terms=(),
            auto_renew=False,
        )
    plans = tuple(
        new_rate_plan(spec, payload.currency, dates, terms.term_end_date, env)
        for spec in payload.rate_plans
    )
    subscription_id = env.ids.new_id()
    created = Subscription(
        id=subscription_id,
        number=payload.subscription_number or "",
        version=1,
        account_id=payload.account_id,
        invoice_owner_account_id=payload.invoice_owner_account_id,
        currency=payload.currency,
        contract_effective_date=dates.contract_effective,
        service_activation_date=dates.service_activation,
        customer_acceptance_date=dates.customer_acceptance,
        subscription_start_date=start,
        terms=terms,
        rate_plans=plans,
        pending=_pending(dates.service_activation, dates.customer_acceptance, plans),
        invoice_separately=payload.invoice_separately,
        notes=payload.notes,
        externally_managed_by=payload.externally_managed_by,
        custom_fields={},
        order_number=env.order_number,
    )
    return Applied(created, pending=created.pending is not None)


def _pending(
    service_activation: date | None,
    customer_acceptance: date | None,
    plans: tuple[RatePlan, ...],
) -> PendingState | None:
    """Activation wins over acceptance when both are missing (spec §3.5); a charge waiting
    for its specific date makes the subscription Pending Acceptance."""
    if service_activation is None:
        return PendingState.ACTIVATION
    if customer_acceptance is None:
        return PendingState.ACCEPTANCE
    if any(c.pending_values is not None for p in plans for c in p.charges):
        return PendingState.ACCEPTANCE
    return None
