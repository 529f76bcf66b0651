"""Signing up, changing plans and cancelling: each one order (`orders_api().create_order`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from zuora_sdk import (
    CreateAccountPaymentMethod,
    CreateOrderAction,
    CreateOrderChangePlan,
    CreateOrderChangePlanRatePlanOverride,
    CreateOrderCreateSubscription,
    CreateOrderRatePlanOverride,
    CreateOrderRequest,
    CreateOrderSubscription,
    CreatePaymentMethodCardholderInfo,
    InitialTerm,
    OrderActionCancelSubscription,
    OrderActionCreateSubscriptionTerms,
    OrderCreateAccount,
    OrderCreateAccountContact,
    OrderSchedulingOptions,
    ProcessingOptionsWithDelayedCapturePayment,
    RenewalTerm,
)
from zuora_sdk.exceptions import ApiException
from zuora_sdk.zuora_client import ZuoraClient

from acme_billing._zuora import action, bill_and_collect, day, money, place_order, refusal
from acme_billing.models import PLANS, Card, Change, Customer, Plan, SignUp


def sign_up(client: ZuoraClient, customer: Customer, plan: Plan, card: Card, *, on: date) -> SignUp:
    """A new account paying by `card` (its default payment method, auto-pay, billed on
    the 1st) subscribed to `plan` for 12 months, renewing for 12; the first invoice billed
    and collected in the same call. All or nothing: a declined card raises PaymentDeclined
    and nothing is kept."""
    account = OrderCreateAccount(
        name=customer.company,
        currency="USD",
        bill_cycle_day=1,
        auto_pay=True,
        bill_to_contact=OrderCreateAccountContact(
            first_name=customer.first_name, last_name=customer.last_name, work_email=customer.email
        ),
        payment_method=CreateAccountPaymentMethod(
            type="CreditCard",
            card_number=card.number,
            card_type=card.card_type,
            expiration_month=card.expiration_month,
            expiration_year=card.expiration_year,
            security_code=card.security_code,
            card_holder_info=CreatePaymentMethodCardholderInfo(card_holder_name=card.holder),
            make_default=True,
        ),
    )
    terms = OrderActionCreateSubscriptionTerms(
        initial_term=InitialTerm(term_type="TERMED", period=12, period_type="Month"),
        renewal_setting="RENEW_WITH_SPECIFIC_TERM",
        renewal_terms=[RenewalTerm(period=12, period_type="Month")],
        auto_renew=True,
    )
    subscribe = action(
        "CreateSubscription",
        on,
        create_subscription=CreateOrderCreateSubscription(
            terms=terms,
            subscribe_to_rate_plans=[CreateOrderRatePlanOverride(product_rate_plan_id=PLANS[plan])],
        ),
    )
    created = place_order(
        client,
        CreateOrderRequest(
            order_date=on,
            new_account=account,
            subscriptions=[CreateOrderSubscription(order_actions=[subscribe])],
            processing_options=bill_and_collect(),
        ),
    )
    return SignUp(
        account_number=created.account_number,
        subscription_number=created.subscriptions[0].subscription_number,
        invoice_number=created.invoice_numbers[0],
        payment_number=created.payment_number,
        payment_status=created.payment_status,
        paid_amount=money(created.paid_amount),
    )


def upgrade(client: ZuoraClient, subscription_number: str, new_plan: Plan, *, on: date) -> Change:
    """Move to a higher plan from `on`, at once: invoiced now for the rest of the period,
    prorated, with the old plan's unused days credited on the same invoice, and collected."""
    change = _change_plan(client, subscription_number, new_plan, on, "EffectiveImmediately")
    return _amend(client, subscription_number, change, on=on, effective=on, bill=bill_and_collect())


def cancel_at_period_end(client: ZuoraClient, subscription_number: str, *, on: date) -> Change:
    """Stop at the end of what the customer has paid for. EndOfLastInvoicePeriod, not
    EndOfCurrentTerm: a SaaS "cancel at period end" ends the month already invoiced (in
    advance, so nothing is credited or owed), whereas the end of the 12-month term is up to
    eleven more monthly invoices away."""
    cancel = action(
        "CancelSubscription",
        on,
        cancel_subscription=OrderActionCancelSubscription(
            cancellation_policy="EndOfLastInvoicePeriod"
        ),
    )
    placed = _amend(client, subscription_number, cancel, on=on, effective=on)
    # The date Zuora chose: the subscription ends (is Cancelled) from it.
    ends = client.subscriptions_api().get_subscription_by_key(subscription_number)
    return replace(placed, effective_date=day(ends.subscription_end_date))


def schedule_downgrade(
    client: ZuoraClient, subscription_number: str, new_plan: Plan, *, on: date
) -> Change:
    """Move to a lower plan from the next period start (the day the current plan is paid
    up to). Saved as a Scheduled order rather than a future-dated ChangePlan: the
    subscription stays as it is until that day, when Zuora executes the order, and until
    then `keep_current_plan` calls it off. The next bill run bills the new price."""
    start = _paid_through(client, subscription_number)
    change = _change_plan(client, subscription_number, new_plan, start, "SpecificDate")
    return _amend(client, subscription_number, change, on=on, effective=start, scheduled=True)


def keep_current_plan(client: ZuoraClient, order_number: str) -> None:
    """Call off a scheduled change (a Scheduled order) before its date."""
    try:
        client.orders_api().cancel_order(order_number)
    except ApiException as error:
        raise refusal(error.body) from error


def _rate_plan_in_force(client: ZuoraClient, subscription_number: str) -> str:
    subscription = client.subscriptions_api().get_subscription_by_key(subscription_number)
    [current] = [p for p in subscription.rate_plans if p.last_change_type != "Remove"]
    rate_plan_id: str = current.id
    return rate_plan_id


def _paid_through(client: ZuoraClient, subscription_number: str) -> date:
    """The end (exclusive) of what is invoiced: the charges' chargedThroughDate."""
    subscription = client.subscriptions_api().get_subscription_by_key(subscription_number)
    return max(
        day(charge.charged_through_date)
        for plan in subscription.rate_plans
        for charge in plan.rate_plan_charges
        if charge.charged_through_date
    )


def _change_plan(
    client: ZuoraClient, subscription_number: str, new_plan: Plan, on: date, policy: str
) -> CreateOrderAction:
    return action(
        "ChangePlan",
        on,
        change_plan=CreateOrderChangePlan(
            rate_plan_id=_rate_plan_in_force(client, subscription_number),
            new_product_rate_plan=CreateOrderChangePlanRatePlanOverride(
                product_rate_plan_id=PLANS[new_plan]
            ),
            effective_policy=policy,
        ),
    )


def _amend(
    client: ZuoraClient,
    subscription_number: str,
    change: CreateOrderAction,
    *,
    on: date,
    effective: date,
    bill: ProcessingOptionsWithDelayedCapturePayment | None = None,
    scheduled: bool = False,
) -> Change:
    """One order of `change` on the subscription, placed `on`, executed at once or saved as
    Scheduled for `effective`."""
    subscription = client.subscriptions_api().get_subscription_by_key(subscription_number)
    request = CreateOrderRequest(
        order_date=on,
        existing_account_number=subscription.account_number,
        subscriptions=[
            CreateOrderSubscription(subscription_number=subscription_number, order_actions=[change])
        ],
        processing_options=bill,
    )
    if scheduled:
        request.status = "Scheduled"
        request.scheduling_options = OrderSchedulingOptions(
            scheduled_date=effective, scheduled_date_policy="SpecificDate"
        )
    created = place_order(client, request)
    return Change(
        order_number=created.order_number,
        status=getattr(created.status, "value", str(created.status)),
        effective_date=effective,
        invoice_numbers=list(created.invoice_numbers or []),
        payment_status=created.payment_status,
    )
