"""TermsAndConditions (spec §3.13): current term, renewal settings, TERMED <-> EVERGREEN."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.calendar import add_period
from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import OrderAction, TermsAndConditions
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_not_suspended,
    fail,
    move_subscription_end,
    require,
)
from zorders.domain.subscription.model import Subscription, TermLength, TermType


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    payload = action.payload
    assert isinstance(payload, TermsAndConditions)
    current = require(subscription, action)
    ensure_not_suspended(current, action)
    if current.cancelled_date is not None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {current.number} is cancelled; its terms cannot change.",
        )
    terms = current.terms
    if payload.last_term is not None:
        last = payload.last_term
        start = last.start_date or terms.term_start_date
        if last.term_type is TermType.TERMED:
            if last.period is None or last.period < 1 or last.period_type is None:
                raise fail(
                    ErrorCode.INVALID_TERM,
                    "A TERMED lastTerm needs period (1 or more) and periodType.",
                    "lastTerm",
                )
            length = TermLength(last.period, last.period_type)
            terms = replace(
                terms,
                term_type=TermType.TERMED,
                term_start_date=start,
                term_end_date=add_period(start, length.period, length.period_type),
                current_term=length,
                # Before any renewal the current term is the initial term.
                initial_term=length if terms.renewals == 0 else terms.initial_term,
            )
        else:
            terms = replace(
                terms,
                term_type=TermType.EVERGREEN,
                term_start_date=start,
                term_end_date=None,
                current_term=None,
                auto_renew=False,
            )
    if payload.renewal_setting is not None:
        terms = replace(terms, renewal_setting=payload.renewal_setting)
    if payload.renewal_terms is not None:
        terms = replace(terms, renewal_terms=payload.renewal_terms)
    if payload.auto_renew is not None:
        terms = replace(terms, auto_renew=payload.auto_renew)
    updated = replace(current, terms=terms)
    if payload.invoice_separately is not None:
        updated = replace(updated, invoice_separately=payload.invoice_separately)
    updated = move_subscription_end(updated, current.terms.term_end_date, terms.term_end_date)
    return Applied(
        updated,
        details={"term_start_date": terms.term_start_date, "term_end_date": terms.term_end_date},
    )
