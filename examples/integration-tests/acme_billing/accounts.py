"""An account's money: its invoices, payments and balance, its card, and paying what is
owed after a decline."""

from __future__ import annotations

from decimal import Decimal

from zuora_sdk import (
    CreateCreditCardPaymentMethod,
    CreatePaymentInvoiceApplication,
    CreatePaymentMethodCardholderInfo,
    CreatePaymentMethodRequest,
    CreatePaymentRequest,
)
from zuora_sdk.exceptions import ApiException
from zuora_sdk.zuora_client import ZuoraClient

from acme_billing._zuora import day, money, refusal
from acme_billing.models import Card, Invoice, Line, Payment


def invoices(client: ZuoraClient, account_number: str) -> list[Invoice]:
    """The account's invoices, oldest first (the first 40)."""
    documents = client.billing_documents_api().get_billing_documents(
        account_number=account_number, page_size=40
    )
    found = [
        Invoice(
            number=d.document_number,
            invoice_date=day(d.document_date),
            amount=money(d.amount),
            balance=money(d.balance),
            status=d.status,
        )
        for d in documents.documents or []
        if d.document_type == "Invoice"
    ]
    return sorted(found, key=lambda i: (i.invoice_date, i.number))


def invoice_lines(client: ZuoraClient, invoice_number: str) -> list[Line]:
    """The items of an invoice, as Zuora lists them."""
    items = client.invoices_api().get_invoice_items(invoice_number).invoice_items or []
    return [
        Line(
            charge_name=i.charge_name,
            service_start=day(i.service_start_date),
            service_end=day(i.service_end_date),
            amount=money(i.charge_amount),
        )
        for i in items
    ]


def payments(client: ZuoraClient, account_number: str) -> list[Payment]:
    """The account's payments, oldest first (the first 40), declined ones (status Error)
    included."""
    listed = client.payments_api().get_retrieve_all_payments(
        account_id=_account_id(client, account_number), page_size=40
    )
    return [
        Payment(
            number=p.number,
            effective_date=day(p.effective_date),
            amount=money(p.amount),
            status=p.status,
            gateway_response_code=p.gateway_response_code,
        )
        for p in listed.payments or []
    ]


def balance(client: ZuoraClient, account_number: str) -> Decimal:
    """What the account owes."""
    return money(client.accounts_api().get_account(account_number).metrics.balance)


def replace_card(client: ZuoraClient, account_number: str, card: Card) -> str:
    """The customer's new card, made the account's default payment method: the next
    collections charge it. Answers its payment method id."""
    created = client.payment_methods_api().create_payment_method(
        CreatePaymentMethodRequest(
            CreateCreditCardPaymentMethod(
                type="CreditCard",
                account_key=account_number,
                card_number=card.number,
                card_type=card.card_type,
                expiration_month=card.expiration_month,
                expiration_year=card.expiration_year,
                security_code=card.security_code,
                card_holder_info=CreatePaymentMethodCardholderInfo(card_holder_name=card.holder),
                make_default=True,
            )
        )
    )
    method_id: str = created.id
    return method_id


def pay_open_invoices(client: ZuoraClient, account_number: str) -> Payment:
    """One electronic payment, on the default payment method, of every invoice with a
    balance (after a decline, once the customer has a new card). Raises PaymentDeclined
    when the card declines again (nothing is kept then)."""
    owed = [i for i in invoices(client, account_number) if i.balance > 0]
    request = CreatePaymentRequest(
        type="Electronic",
        account_id=_account_id(client, account_number),
        currency="USD",
        # The client's model takes floats; cents survive str(float) for these sizes.
        amount=float(sum(i.balance for i in owed)),
        invoices=[
            CreatePaymentInvoiceApplication(invoice_number=i.number, amount=float(i.balance))
            for i in owed
        ],
    )
    try:
        paid = client.payments_api().create_payment(request)
    except ApiException as error:
        raise refusal(error.body) from error
    return Payment(
        number=paid.number,
        effective_date=day(paid.effective_date),
        amount=money(paid.amount),
        status=paid.status,
        gateway_response_code=paid.gateway_response_code,
    )


def _account_id(client: ZuoraClient, account_number: str) -> str:
    account_id: str = client.accounts_api().get_account(account_number).basic_info.id
    return account_id
