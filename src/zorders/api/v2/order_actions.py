"""A v2 subscription item's action fields (spec §12.2) into `ActionCommand`s: the one
action group the item carries decides the action type (no explicit type in v2)."""

from __future__ import annotations

from typing import Any

from zorders.api.v2 import order_models as m
from zorders.api.v2.order_prices import pricing, rate_plan, unsupported
from zorders.domain.calendar import PeriodType
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.limits import check_term
from zorders.domain.orders.actions import (
    CancellationPolicy,
    CancelSubscription,
    ChangePlanEffectivePolicy,
    ChangePlanSubType,
    ChargeRef,
    ChargeUpdate,
    InitialTerms,
    LastTerm,
    OrderActionType,
    RatePlanRef,
    RemoveProduct,
    RenewSubscription,
    Resume,
    ResumePolicy,
    Suspend,
    SuspendPolicy,
    TermsAndConditions,
    UpdateProduct,
)
from zorders.domain.subscription.model import RenewalSetting, TermLength, TermType, TriggerEvent
from zorders.services.orders.commands import (
    ActionCommand,
    AddProductCommand,
    ChangePlanCommand,
    CreateSubscriptionCommand,
    PayloadCommand,
    RequestedDates,
)

__all__ = ["ACTION_FIELDS", "action_commands", "echo_key"]

# The fields of a subscription item that imply its action, in the order of spec §12.2.
ACTION_FIELDS: dict[str, OrderActionType] = {
    "subscription_plans": OrderActionType.CREATE_SUBSCRIPTION,
    "add_subscription_plans": OrderActionType.ADD_PRODUCT,
    "update_subscription_plans": OrderActionType.UPDATE_PRODUCT,
    "remove_subscription_plans": OrderActionType.REMOVE_PRODUCT,
    "replace_subscription_plans": OrderActionType.CHANGE_PLAN,
    "renew": OrderActionType.RENEW_SUBSCRIPTION,
    # Zuora's `renewals[]`: one renewal per element, each with its own `start_on` (QL1).
    "renewals": OrderActionType.RENEW_SUBSCRIPTION,
    "terms": OrderActionType.TERMS_AND_CONDITIONS,
    "cancel": OrderActionType.CANCEL_SUBSCRIPTION,
    "pause": OrderActionType.SUSPEND,
    "resume": OrderActionType.RESUME,
}

# The v2 echo of an action is kept under this key of `ActionCommand.echo`, so that the
# v1 view (which echoes v1 action objects) can leave it out (QO5).
echo_key = "v2"

_PERIODS = {
    "day": PeriodType.DAY,
    "week": PeriodType.WEEK,
    "month": PeriodType.MONTH,
    "year": PeriodType.YEAR,
}
_REPLACE_AT = {
    "now": ChangePlanEffectivePolicy.EFFECTIVE_IMMEDIATELY,
    "end_of_billing_period": ChangePlanEffectivePolicy.EFFECTIVE_END_OF_BILLING_PERIOD,
    "specific_date": ChangePlanEffectivePolicy.SPECIFIC_DATE,
}
_REPLACEMENT_TYPES = {
    "upgrade": ChangePlanSubType.UPGRADE,
    "downgrade": ChangePlanSubType.DOWNGRADE,
    "crossgrade": ChangePlanSubType.CROSSGRADE,
    "other": ChangePlanSubType.PLAN_CHANGED,
}


def _invalid(message: str, where: str) -> DomainError:
    return DomainError(ErrorCode.INVALID_VALUE, message, where)


def _missing(where: str, message: str | None = None) -> DomainError:
    return DomainError(ErrorCode.MISSING_FIELD, message or f"'{where}' is required", where)


def _dates(start_on: m.StartOn | None) -> RequestedDates:
    if start_on is None:
        return RequestedDates()
    return RequestedDates(
        start_on.contract_effective, start_on.service_activation, start_on.customer_acceptance
    )


def term_length(term: m.TermIn, where: str) -> TermLength:
    if term.interval is None or term.interval_count is None:
        raise _missing(
            f"{where}.interval_count", f"A termed '{where}' needs interval and interval_count."
        )
    period_type = _PERIODS[term.interval]
    return TermLength(check_term(term.interval_count, period_type.value, where), period_type)


def _renewal(
    term: m.TermIn | None, where: str
) -> tuple[RenewalSetting | None, tuple[TermLength, ...]]:
    if term is None:
        return None, ()
    if term.type == "evergreen":
        return RenewalSetting.RENEW_TO_EVERGREEN, ()
    return RenewalSetting.RENEW_WITH_SPECIFIC_TERM, (term_length(term, where),)


def _create(item: m.SubscriptionIn, where: str) -> CreateSubscriptionCommand:
    initial = item.initial_term
    if initial is None:
        raise _missing(f"{where}.initial_term")
    termed = initial.type == "termed"
    setting, renewal_terms = _renewal(item.renewal_term, f"{where}.renewal_term")
    return CreateSubscriptionCommand(
        terms=InitialTerms(
            term_type=TermType.TERMED if termed else TermType.EVERGREEN,
            initial_term=term_length(initial, f"{where}.initial_term") if termed else None,
            start_date=initial.start_date,
            renewal_setting=setting or RenewalSetting.RENEW_WITH_SPECIFIC_TERM,
            renewal_terms=renewal_terms,
            auto_renew=bool(item.auto_renew),
        ),
        rate_plans=tuple(
            rate_plan(p, f"{where}.subscription_plans[{i}]")
            for i, p in enumerate(item.subscription_plans or ())
        ),
        owner_account=item.account_number or item.account_id,
        invoice_owner_account=item.invoice_owner_account_number or item.invoice_owner_account_id,
        currency=item.currency,
        subscription_number=item.subscription_number,
        invoice_separately=bool(item.invoice_separately),
        notes=item.description,
        unique_token=item.unique_token,
    )


def _target(
    sub_plan_id: str | None, token: str | None, where: str, previous: str | None = None
) -> RatePlanRef:
    if not (sub_plan_id or token or previous):
        raise _missing(
            f"{where}.subscription_plan_id",
            f"'{where}' needs subscription_plan_id or unique_token.",
        )
    return RatePlanRef(rate_plan_id=sub_plan_id, unique_token=token, product_rate_plan_id=previous)


def _update(u: m.UpdatePlanIn, where: str) -> UpdateProduct:
    plan = u.subscription_plan
    return UpdateProduct(
        target=_target(plan.subscription_plan_id, plan.unique_token, f"{where}.subscription_plan"),
        charge_updates=tuple(
            ChargeUpdate(
                ref=ChargeRef(c.subscription_item_number, c.unique_token, c.price_id),
                pricing=pricing(c),
                trigger_event=TriggerEvent.SPECIFIC_DATE if u.start_date else None,
                specific_trigger_date=u.start_date,
                description=c.description,
                custom_fields=dict(c.custom_fields or {}),
            )
            for c in plan.subscription_items or ()
        ),
        custom_fields=dict(plan.custom_fields or {}),
    )


def _replace(r: m.ReplacePlanIn, where: str) -> ChangePlanCommand:
    policy = None if r.replace_at is None else _REPLACE_AT[r.replace_at]
    effective = r.start_on.contract_effective if r.start_on else None
    if policy is ChangePlanEffectivePolicy.SPECIFIC_DATE and effective is None:
        raise _missing(
            f"{where}.start_on.contract_effective",
            "replace_at specific_date needs start_on.contract_effective.",
        )
    return ChangePlanCommand(
        target=_target(r.subscription_plan_id, r.unique_token, where, r.previous_plan_id),
        new_rate_plan=rate_plan(r.subscription_plan, f"{where}.subscription_plan"),
        effective_policy=policy,
        effective_date=effective if policy is ChangePlanEffectivePolicy.SPECIFIC_DATE else None,
        sub_type=None if r.replacement_type is None else _REPLACEMENT_TYPES[r.replacement_type],
    )


def _contacts(given: m.SubscriptionIn | m.TermsIn, where: str) -> None:
    """A subscription here has no contacts, payment terms or document settings of its own
    (the account's apply): values are refused, not dropped (QL3)."""
    settings = given.billing_document_settings
    unsupported(
        where,
        bill_to_id=given.bill_to_id,
        sold_to_id=given.sold_to_id,
        payment_terms=given.payment_terms,
    )
    if settings is not None:
        unsupported(
            f"{where}.billing_document_settings",
            template_id=settings.template_id,
            sequence_set_id=settings.sequence_set_id,
        )


def _terms(t: m.TermsIn, where: str) -> TermsAndConditions:
    _contacts(t, where)
    current = t.current_term
    setting, renewal_terms = _renewal(t.renewal_term, f"{where}.renewal_term")
    last = None
    if current is not None:
        termed = current.type == "termed"
        length = term_length(current, f"{where}.current_term") if termed else None
        last = LastTerm(
            term_type=TermType.TERMED if termed else TermType.EVERGREEN,
            period=length.period if length else None,
            period_type=length.period_type if length else None,
            start_date=current.start_date,
        )
    return TermsAndConditions(
        last_term=last,
        renewal_setting=setting,
        renewal_terms=renewal_terms if t.renewal_term is not None else None,
        auto_renew=t.auto_renew,
    )


def _exclusive(where: str, **given: object) -> None:
    named = [k for k, v in given.items() if v is not None]
    if len(named) > 1:
        raise _invalid(
            f"'{where}.{named[0]}' and '{named[1]}' are mutually exclusive.", f"{where}.{named[1]}"
        )


def _cancel(c: m.CancelIn, where: str) -> CancelSubscription:
    unsupported(
        where,
        refund_amount=c.refund_amount,
        write_off=c.write_off,
        write_off_behavior=c.write_off_behavior,
    )
    _exclusive(where, cancel_date=c.cancel_date, cancel_at=c.cancel_at)
    if c.cancel_date is not None:
        return CancelSubscription(CancellationPolicy.SPECIFIC_DATE, c.cancel_date)
    if c.cancel_at == "invoice_period_end":
        return CancelSubscription(CancellationPolicy.END_OF_LAST_INVOICE_PERIOD)
    if c.cancel_at == "subscription_term_end":
        return CancelSubscription(CancellationPolicy.END_OF_CURRENT_TERM)
    raise _missing(f"{where}.cancel_date", f"'{where}' needs cancel_date or cancel_at.")


def _pause(p: m.PauseIn, where: str) -> Suspend:
    periods = p.pause_interval_count is not None or p.pause_interval is not None
    _exclusive(
        where,
        pause_date=p.pause_date,
        pause_at=p.pause_at,
        pause_interval_count=p.pause_interval_count if periods else None,
    )
    if p.pause_date is not None:
        return Suspend(SuspendPolicy.SPECIFIC_DATE, specific_date=p.pause_date)
    if p.pause_at == "invoice_period_end":
        return Suspend(SuspendPolicy.END_OF_LAST_INVOICE_PERIOD)
    if periods:
        if p.pause_interval_count is None or p.pause_interval is None:
            raise _missing(
                f"{where}.pause_interval", "pause_interval and pause_interval_count go together."
            )
        return Suspend(
            SuspendPolicy.FIXED_PERIODS_FROM_TODAY,
            p.pause_interval_count,
            _PERIODS[p.pause_interval],
        )
    raise _missing(
        f"{where}.pause_date", f"'{where}' needs pause_date, pause_at or pause_interval_count."
    )


def _resume(r: m.ResumeIn, where: str) -> Resume:
    _exclusive(where, resume_date=r.resume_date, resume_at=r.resume_at)
    if r.resume_date is not None:
        return Resume(
            ResumePolicy.SPECIFIC_DATE, specific_date=r.resume_date, extends_term=r.extend_term
        )
    if r.resume_at == "pause_date":
        return Resume(ResumePolicy.SUSPEND_DATE, extends_term=r.extend_term)
    raise _missing(f"{where}.resume_date", f"'{where}' needs resume_date or resume_at.")


def _one(
    kind: OrderActionType,
    payload: PayloadCommand,
    start_on: m.StartOn | None,
    echo: tuple[str, Any],
    custom: dict[str, Any] | None = None,
) -> ActionCommand:
    return ActionCommand(
        type=kind,
        payload=payload,
        trigger_dates=_dates(start_on),
        custom_fields=dict(custom or {}),
        echo={echo_key: {echo[0]: echo[1]}},
    )


def action_commands(item: m.SubscriptionIn, where: str) -> tuple[ActionCommand, ...]:
    _contacts(item, where)
    given = [name for name in ACTION_FIELDS if getattr(item, name) is not None]
    if len(given) > 1:
        raise _invalid(
            f"A subscription item carries the fields of one action: '{given[0]}' and "
            f"'{given[1]}' cannot be given together.",
            f"{where}.{given[1]}",
        )
    if not given:
        raise _missing(
            f"{where}.subscription_plans",
            f"'{where}' needs the fields of an action: one of {', '.join(ACTION_FIELDS)}.",
        )
    name = given[0]
    value = getattr(item, name)
    at = f"{where}.{name}"

    def dump(v: Any) -> Any:
        return v.model_dump(mode="json", exclude_none=True)

    kind = ACTION_FIELDS[name]
    if name == "subscription_plans":
        return (_one(kind, _create(item, where), item.start_on, (name, [dump(p) for p in value])),)
    if isinstance(value, list):
        actions = []
        for i, element in enumerate(value):
            here = f"{at}[{i}]"
            payload: PayloadCommand
            if name == "add_subscription_plans":
                payload = AddProductCommand(
                    rate_plan(element.subscription_plan, f"{here}.subscription_plan")
                )
            elif name == "update_subscription_plans":
                payload = _update(element, here)
            elif name == "remove_subscription_plans":
                payload = RemoveProduct(
                    _target(element.subscription_plan_id, element.unique_token, here)
                )
            elif name == "renewals":
                payload = RenewSubscription()
            else:
                payload = _replace(element, here)
            # A renewal reads back as `renew`, whichever field asked for it.
            echo = ("renew", dump(element)) if name == "renewals" else (name, dump(element))
            actions.append(_one(kind, payload, element.start_on, echo))
        return tuple(actions)
    if name == "renew":
        single: PayloadCommand = RenewSubscription()
    elif name == "terms":
        single = _terms(value, at)
    elif name == "cancel":
        single = _cancel(value, at)
    elif name == "pause":
        single = _pause(value, at)
    else:
        single = _resume(value, at)
    actions = [
        _one(
            kind, single, value.start_on, (name, dump(value)), getattr(value, "custom_fields", None)
        )
    ]
    if isinstance(value, m.PauseIn) and value.resume_behavior is not None:
        # A pause with its resume: a Resume action after the Suspend, same dates (QL8).
        r = value.resume_behavior
        resume = _resume(r, f"{at}.resume_behavior")
        actions.append(
            _one(
                OrderActionType.RESUME, resume, value.start_on, ("resume", dump(r)), r.custom_fields
            )
        )
    return tuple(actions)
