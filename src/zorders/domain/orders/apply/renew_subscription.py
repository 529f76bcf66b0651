"""RenewSubscription (spec §3.10): the next term of a TERMED subscription."""

from __future__ import annotations

from dataclasses import replace

from zorders.domain.calendar import add_period
from zorders.domain.errors import ErrorCode
from zorders.domain.orders.actions import OrderAction, RenewSubscription
from zorders.domain.orders.apply.common import (
    ActionEnv,
    Applied,
    ensure_not_suspended,
    fail,
    move_subscription_end,
    require,
)
from zorders.domain.subscription.model import RenewalSetting, Subscription, TermType


def apply(subscription: Subscription | None, action: OrderAction, env: ActionEnv) -> Applied:
    assert isinstance(action.payload, RenewSubscription)
    current = require(subscription, action)
    ensure_not_suspended(current, action)
    terms = current.terms
    if terms.term_type is not TermType.TERMED or terms.term_end_date is None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {current.number} is EVERGREEN: only TERMED subscriptions renew.",
        )
    if current.cancelled_date is not None:
        raise fail(
            ErrorCode.INVALID_SUBSCRIPTION_STATE,
            f"Subscription {current.number} is cancelled from {current.cancelled_date}; it "
            "cannot renew.",
        )
    old_end = terms.term_end_date
    if terms.renewal_setting is RenewalSetting.RENEW_TO_EVERGREEN:
        renewed = replace(
            terms,
            term_type=TermType.EVERGREEN,
            term_start_date=old_end,
            term_end_date=None,
            current_term=None,
            renewals=terms.renewals + 1,
        )
    else:
        term = terms.next_renewal_term()
        assert term is not None
        renewed = replace(
            terms,
            term_start_date=old_end,
            term_end_date=add_period(old_end, term.period, term.period_type),
            current_term=term,
            renewals=terms.renewals + 1,
        )
    updated = move_subscription_end(replace(current, terms=renewed), old_end, renewed.term_end_date)
    return Applied(
        updated,
        details={
            "term_start_date": renewed.term_start_date,
            "term_end_date": renewed.term_end_date,
        },
    )
