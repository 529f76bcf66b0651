"""Account answers on the wire (v1, spec §13.1): AccountDetailResponse,
AccountSummaryResponse, CreateAccountResponse, and the AccountBasicInfo a subscription
shows for its owners. Plain dicts for `ZuoraJSONResponse`, which keeps Decimals exact."""

from __future__ import annotations

from typing import Any

from zorders.domain.accounts import CONTACT_TEXT_FIELDS, Account, AccountSummary, Contact


def contact_body(contact: Contact, account: Account | None = None) -> dict[str, Any]:
    """A contact of `account` (decision RS2): its account's id and number; `postalCode`
    repeats `zipCode` ("same as zipCode"); any contact of an account may play any role in
    zorders, so `asBillTo` / `asSoldTo` / `asShipTo` are true."""
    body: dict[str, Any] = {"id": contact.id}
    body.update({wire: getattr(contact.info, attr) for attr, wire, _ in CONTACT_TEXT_FIELDS})
    body["postalCode"] = body.get("zipCode")
    if account is not None:
        body.update(
            accountId=account.id,
            accountNumber=account.account_number,
            asBillTo=True,
            asSoldTo=True,
            asShipTo=True,
        )
    body.update(contact.info.custom_fields)
    return body


def created_body(account: Account) -> dict[str, Any]:
    """CreateAccountResponse."""
    return {
        "success": True,
        "accountId": account.id,
        "accountNumber": account.account_number,
        "billToContactId": account.bill_to.id,
        "soldToContactId": account.sold_to.id,
        "shipToContactId": account.ship_to.id,
    }


def _basic_info(account: Account) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": account.id,
        "name": account.name,
        "accountNumber": account.account_number,
        "notes": account.notes,
        "status": account.status.value,
        "crmId": account.crm_id,
        "batch": account.batch,
        "invoiceTemplateId": None,
        "communicationProfileId": None,
        "purchaseOrderNumber": account.purchase_order_number,
        "customerServiceRepName": account.customer_service_rep_name,
        "salesRep": account.sales_rep,
        "parentId": None,
        "partnerAccount": False,
        "tags": None,
        "defaultPaymentMethodId": account.default_payment_method_id,
    }
    body.update(account.custom_fields)
    return body


def account_basic_info(account: Account) -> dict[str, Any]:
    """AccountBasicInfo: an account read's `basicInfo`, and a subscription's
    `accountOwnerDetails` / `invoiceOwnerAccountDetails`."""
    return _basic_info(account)


def detail_body(account: Account) -> dict[str, Any]:
    """AccountDetailResponse (GET /v1/accounts/{account-key})."""
    metrics = account.metrics
    return {
        "success": True,
        "basicInfo": _basic_info(account),
        "billingAndPayment": {
            "billCycleDay": account.bill_cycle_day,
            "bcdSettingOption": account.bcd_setting_option.value,
            "currency": account.currency,
            "paymentTerm": account.payment_term.value,
            "paymentGateway": account.payment_gateway,
            "invoiceDeliveryPrefsEmail": account.invoice_delivery_prefs_email,
            "invoiceDeliveryPrefsPrint": account.invoice_delivery_prefs_print,
            "additionalEmailAddresses": list(account.additional_email_addresses),
            "autoPay": account.auto_pay,
            "defaultPaymentMethodId": account.default_payment_method_id,
        },
        "metrics": {
            "balance": metrics.balance,
            "currency": account.currency,
            "contractedMrr": metrics.contracted_mrr,
            "creditBalance": metrics.credit_balance,
            "totalInvoiceBalance": metrics.total_invoice_balance,
            "totalDebitMemoBalance": metrics.total_debit_memo_balance,
            "unappliedCreditMemoAmount": metrics.unapplied_credit_memo_amount,
            "unappliedPaymentAmount": metrics.unapplied_payment_amount,
            "reservedPaymentAmount": metrics.reserved_payment_amount,
        },
        "billToContact": contact_body(account.bill_to, account),
        "soldToContact": contact_body(account.sold_to, account),
        "shipToContact": contact_body(account.ship_to, account),
    }


def summary_body(summary: AccountSummary) -> dict[str, Any]:
    """AccountSummaryResponse (GET /v1/accounts/{account-key}/summary)."""
    account = summary.account
    last_payment = summary.last_payment
    basic_info: dict[str, Any] = {
        "id": account.id,
        "name": account.name,
        "accountNumber": account.account_number,
        "balance": account.metrics.balance,
        "lastInvoiceDate": summary.last_invoice_date,
        "lastPaymentDate": last_payment.effective_date if last_payment else None,
        "lastPaymentAmount": last_payment.amount if last_payment else None,
        "currency": account.currency,
        "status": account.status.value,
        "batch": account.batch,
        "billCycleDay": account.bill_cycle_day,
        "invoiceDeliveryPrefsPrint": account.invoice_delivery_prefs_print,
        "invoiceDeliveryPrefsEmail": account.invoice_delivery_prefs_email,
        "additionalEmailAddresses": list(account.additional_email_addresses),
        "autoPay": account.auto_pay,
        "purchaseOrderNumber": account.purchase_order_number,
        "customerServiceRepName": account.customer_service_rep_name,
        "partnerAccount": False,
        "tags": None,
        "defaultPaymentMethod": None,
    }
    basic_info.update(account.custom_fields)
    return {
        "success": True,
        "basicInfo": basic_info,
        "billToContact": contact_body(account.bill_to, account),
        "soldToContact": contact_body(account.sold_to, account),
        "shipToContact": contact_body(account.ship_to, account),
        "subscriptions": [
            {
                "id": s.id,
                "subscriptionNumber": s.subscription_number,
                "status": s.status,
                "termType": s.term_type,
                "autoRenew": s.auto_renew,
                "initialTerm": s.initial_term,
                "renewalTerm": s.renewal_term,
                "subscriptionStartDate": s.subscription_start_date,
                "termStartDate": s.term_start_date,
                "termEndDate": s.term_end_date,
                "ratePlans": [
                    {
                        "productId": p.product_id,
                        "productName": p.product_name,
                        "productSku": p.product_sku,
                        "productRatePlanId": p.product_rate_plan_id,
                        "ratePlanName": p.rate_plan_name,
                    }
                    for p in s.rate_plans
                ],
            }
            for s in summary.subscriptions
        ],
        "invoices": [
            {
                "id": i.id,
                "invoiceNumber": i.invoice_number,
                "invoiceDate": i.invoice_date,
                "dueDate": i.due_date,
                "amount": i.amount,
                "balance": i.balance,
                "status": i.status,
            }
            for i in summary.invoices
        ],
        "payments": [
            {
                "id": p.id,
                "paymentNumber": p.payment_number,
                "paymentType": p.payment_type,
                "status": p.status,
                "effectiveDate": p.effective_date,
                "paidInvoices": [
                    {
                        "invoiceId": paid.invoice_id,
                        "invoiceNumber": paid.invoice_number,
                        "appliedPaymentAmount": paid.applied_payment_amount,
                    }
                    for paid in p.paid_invoices
                ],
            }
            for p in summary.payments
        ],
        "usage": [
            {"startDate": u.start_date, "unitOfMeasure": u.unit_of_measure, "quantity": u.quantity}
            for u in summary.usage
        ],
    }
