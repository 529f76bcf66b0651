"""Accounts and their contacts: rows to domain values and back, every query by tenant."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Integer, bindparam, case, func, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from zorders.domain.accounts import (
    CONTACT_TEXT_FIELDS,
    Account,
    AccountMetrics,
    AccountStatus,
    BcdSettingOption,
    Contact,
    ContactInfo,
    CustomFields,
    InvoiceSummary,
    PaymentSummary,
    PaymentTerm,
    SubscriptionSummary,
    UsageSummary,
)
from zorders.domain.errors import DomainError, ErrorCode
from zorders.storage.tables import accounts, contacts, subscriptions

_CONTACT_COLUMNS = ("bill_to_contact_id", "sold_to_contact_id", "ship_to_contact_id")

_CONTACT_ATTRS = tuple(attr for attr, _, _ in CONTACT_TEXT_FIELDS)
_METRICS = tuple(f.name for f in fields(AccountMetrics))
# JSON has no decimal type: a Decimal custom-field value is stored as {"$decimal": "12.50"}
# (text keeps every digit and the scale). Values are never objects, so the tag is unambiguous.
_DECIMAL_TAG = "$decimal"


def _by_key(by: str, for_update: bool) -> Any:
    key: Any = bindparam("key")
    conditions = {
        "id": accounts.c.id == key,
        "number": accounts.c.account_number == key,
        "key": or_(accounts.c.id == key, accounts.c.account_number == key),
    }
    query = select(accounts).where(accounts.c.tenant_id == bindparam("tenant_id"), conditions[by])
    if by == "key":
        query = query.order_by(case((accounts.c.id == key, 0), else_=1)).limit(1)
    return query.with_for_update() if for_update else query


# The account reads, built once (PF27): by id, by number, by either (PF22).
_BY_KEY = {
    (by, lock): _by_key(by, lock) for by in ("id", "number", "key") for lock in (False, True)
}
# A bill run's batch of accounts, by id, in id order (PF52).
_MANY = (
    select(accounts)
    .where(
        accounts.c.tenant_id == bindparam("tenant_id"),
        accounts.c.id.in_(bindparam("ids", expanding=True)),
    )
    .order_by(accounts.c.id)
)
_MANY_LOCKED = _MANY.with_for_update()


@cache
def _in_scope(after: bool, upto: bool, batches: bool, cycle_days: bool) -> Any:
    """`ids_in_scope`'s query for the conditions given, with bound parameters (PF52)."""
    query = select(accounts.c.id).where(accounts.c.tenant_id == bindparam("tenant_id"))
    if after:
        query = query.where(accounts.c.id > bindparam("after"))
    if upto:
        query = query.where(accounts.c.id <= bindparam("upto"))
    if batches:
        query = query.where(accounts.c.batch.in_(bindparam("batches", expanding=True)))
    if cycle_days:
        query = query.where(accounts.c.bill_cycle_day.in_(bindparam("cycle_days", expanding=True)))
    return query.order_by(accounts.c.id).limit(bindparam("limit", type_=Integer))


_CONTACTS = select(contacts).where(
    contacts.c.tenant_id == bindparam("tenant_id"),
    contacts.c.id.in_(bindparam("ids", expanding=True)),
)


def encode_custom_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: {_DECIMAL_TAG: format(value, "f")} if isinstance(value, Decimal) else value
        for key, value in values.items()
    }


def decode_custom_fields(stored: Mapping[str, Any] | None) -> CustomFields:
    return {
        key: Decimal(value[_DECIMAL_TAG]) if isinstance(value, dict) else value
        for key, value in (stored or {}).items()
    }


def _contact_values(contact: Contact) -> dict[str, Any]:
    values: dict[str, Any] = {attr: getattr(contact.info, attr) for attr in _CONTACT_ATTRS}
    values["custom_fields"] = encode_custom_fields(contact.info.custom_fields)
    return values


def _contact(row: RowMapping) -> Contact:
    info = ContactInfo(
        **{attr: row[attr] for attr in _CONTACT_ATTRS},
        custom_fields=decode_custom_fields(row["custom_fields"]),
    )
    return Contact(id=row["id"], account_id=row["account_id"], info=info)


def _account_values(account: Account) -> dict[str, Any]:
    values: dict[str, Any] = {
        "account_number": account.account_number,
        "name": account.name,
        "currency": account.currency,
        "status": account.status.value,
        "bill_cycle_day": account.bill_cycle_day,
        "bcd_setting_option": account.bcd_setting_option.value,
        "payment_term": account.payment_term.value,
        "auto_pay": account.auto_pay,
        "batch": account.batch,
        "invoice_delivery_prefs_email": account.invoice_delivery_prefs_email,
        "invoice_delivery_prefs_print": account.invoice_delivery_prefs_print,
        "additional_email_addresses": list(account.additional_email_addresses),
        "notes": account.notes,
        "crm_id": account.crm_id,
        "sales_rep": account.sales_rep,
        "purchase_order_number": account.purchase_order_number,
        "customer_service_rep_name": account.customer_service_rep_name,
        "default_payment_method_id": account.default_payment_method_id,
        "payment_gateway": account.payment_gateway,
        "bill_to_contact_id": account.bill_to.id,
        "sold_to_contact_id": account.sold_to.id,
        "ship_to_contact_id": account.ship_to.id,
        "custom_fields": encode_custom_fields(account.custom_fields),
        "created_at": account.created_at,
        "updated_at": account.updated_at,
    }
    values.update({name: getattr(account.metrics, name) for name in _METRICS})
    return values


def _account(row: RowMapping, contacts_by_id: Mapping[str, Contact]) -> Account:
    return Account(
        id=row["id"],
        account_number=row["account_number"],
        name=row["name"],
        currency=row["currency"],
        status=AccountStatus(row["status"]),
        bill_cycle_day=row["bill_cycle_day"],
        bcd_setting_option=BcdSettingOption(row["bcd_setting_option"]),
        payment_term=PaymentTerm(row["payment_term"]),
        auto_pay=row["auto_pay"],
        batch=row["batch"],
        invoice_delivery_prefs_email=row["invoice_delivery_prefs_email"],
        invoice_delivery_prefs_print=row["invoice_delivery_prefs_print"],
        bill_to=contacts_by_id[row["bill_to_contact_id"]],
        sold_to=contacts_by_id[row["sold_to_contact_id"]],
        ship_to=contacts_by_id[row["ship_to_contact_id"]],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        additional_email_addresses=tuple(row["additional_email_addresses"] or ()),
        notes=row["notes"],
        crm_id=row["crm_id"],
        sales_rep=row["sales_rep"],
        purchase_order_number=row["purchase_order_number"],
        customer_service_rep_name=row["customer_service_rep_name"],
        default_payment_method_id=row["default_payment_method_id"],
        payment_gateway=row["payment_gateway"],
        custom_fields=decode_custom_fields(row["custom_fields"]),
        metrics=AccountMetrics(**{name: row[name] for name in _METRICS}),
    )


class SqlAccountRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, tenant_id: str, account: Account) -> None:
        try:
            self._c.execute(
                insert(accounts).values(
                    id=account.id, tenant_id=tenant_id, **_account_values(account)
                )
            )
        except IntegrityError as err:
            # Only a concurrent transaction gets here: the service checks the number first.
            if "account_number" in str(err.orig):
                raise DomainError(
                    ErrorCode.ACCOUNT_NUMBER_TAKEN,
                    f"An account with number '{account.account_number}' already exists.",
                    "accountNumber",
                ) from err
            raise
        for contact in account.contacts:
            self._insert_contact(tenant_id, contact, account)

    def _insert_contact(self, tenant_id: str, contact: Contact, account: Account) -> None:
        self._c.execute(
            insert(contacts).values(
                id=contact.id,
                tenant_id=tenant_id,
                account_id=account.id,
                created_at=account.updated_at,
                updated_at=account.updated_at,
                **_contact_values(contact),
            )
        )

    def update(self, tenant_id: str, account: Account) -> None:
        values = _account_values(account)
        del values["created_at"]
        self._c.execute(
            update(accounts)
            .where(accounts.c.tenant_id == tenant_id, accounts.c.id == account.id)
            .values(**values)
        )
        stored = {c.id: c for c in self._contacts_of(tenant_id, account.id)}
        for contact in account.contacts:
            if contact.id not in stored:
                self._insert_contact(tenant_id, contact, account)
            elif stored[contact.id] != contact:
                self._c.execute(
                    update(contacts)
                    .where(contacts.c.tenant_id == tenant_id, contacts.c.id == contact.id)
                    .values(updated_at=account.updated_at, **_contact_values(contact))
                )

    def get(self, tenant_id: str, account_id: str, *, for_update: bool = False) -> Account | None:
        return self._one(tenant_id, "id", account_id, for_update)

    def get_many(
        self, tenant_id: str, account_ids: Iterable[str], *, for_update: bool = False
    ) -> dict[str, Account]:
        """The accounts of `account_ids` that exist, by id, in two statements (a bill run's
        batch); `for_update` locks their rows in id order."""
        wanted = sorted(set(account_ids))
        if not wanted:
            return {}
        query = _MANY_LOCKED if for_update else _MANY
        rows = list(self._c.execute(query, {"tenant_id": tenant_id, "ids": wanted}).mappings())
        ids = {
            row[key]
            for row in rows
            for key in ("bill_to_contact_id", "sold_to_contact_id", "ship_to_contact_id")
        }
        by_id = {c.id: c for c in self._contacts(tenant_id, ids)} if ids else {}
        return {row["id"]: _account(row, by_id) for row in rows}

    def update_billing_many(self, tenant_id: str, changed: Iterable[Account]) -> None:
        """Write what billing changes on accounts (bill cycle day, metrics), in one
        executemany: contacts and every other field are billing's to leave alone."""
        columns = ("bill_cycle_day", *_METRICS)
        rows = [
            {"_id": a.id, "bill_cycle_day": a.bill_cycle_day}
            | {name: getattr(a.metrics, name) for name in _METRICS}
            for a in changed
        ]
        if not rows:
            return
        self._c.execute(
            update(accounts)
            .where(accounts.c.tenant_id == tenant_id, accounts.c.id == bindparam("_id"))
            .values({name: bindparam(name) for name in columns}),
            rows,
        )

    def get_by_number(
        self, tenant_id: str, account_number: str, *, for_update: bool = False
    ) -> Account | None:
        return self._one(tenant_id, "number", account_number, for_update)

    def get_by_key(self, tenant_id: str, key: str, *, for_update: bool = False) -> Account | None:
        # One read for either key (PF22); an id wins over another account's equal number.
        return self._one(tenant_id, "key", key, for_update)

    def number_taken(self, tenant_id: str, account_number: str) -> bool:
        found = self._c.execute(
            select(accounts.c.id).where(
                accounts.c.tenant_id == tenant_id, accounts.c.account_number == account_number
            )
        ).first()
        return found is not None

    def get_contact(self, tenant_id: str, contact_id: str) -> Contact | None:
        row = (
            self._c.execute(
                select(contacts).where(
                    contacts.c.tenant_id == tenant_id, contacts.c.id == contact_id
                )
            )
            .mappings()
            .first()
        )
        return _contact(row) if row else None

    def ids_in_scope(
        self,
        tenant_id: str,
        *,
        after: str | None,
        limit: int,
        batches: tuple[str, ...] = (),
        bill_cycle_days: tuple[int, ...] = (),
        upto: str | None = None,
    ) -> list[str]:
        """Account ids in id order after `after` (and up to `upto`): a bill run's batches."""
        query = _in_scope(after is not None, upto is not None, bool(batches), bool(bill_cycle_days))
        params = {
            "tenant_id": tenant_id,
            "after": after,
            "upto": upto,
            "batches": list(batches),
            "cycle_days": list(bill_cycle_days),
            "limit": limit,
        }
        return [str(r[0]) for r in self._c.execute(query, params)]

    def count(self, tenant_id: str) -> int:
        query = select(func.count()).select_from(accounts).where(accounts.c.tenant_id == tenant_id)
        return int(self._c.execute(query).scalar_one())

    def search(self, tenant_id: str, text: str, *, limit: int) -> list[Account]:
        folded = text.lower()
        owners = select(subscriptions.c.account_id).where(
            subscriptions.c.tenant_id == tenant_id, subscriptions.c.number == text
        )
        rows = list(
            self._c.execute(
                select(accounts)
                .where(
                    accounts.c.tenant_id == tenant_id,
                    or_(
                        func.lower(accounts.c.account_number).startswith(folded, autoescape=True),
                        func.lower(accounts.c.name).contains(folded, autoescape=True),
                        accounts.c.id.in_(owners),
                    ),
                )
                .order_by(accounts.c.account_number)
                .limit(limit)
            ).mappings()
        )
        ids = {row[c] for row in rows for c in _CONTACT_COLUMNS}
        by_id = {c.id: c for c in self._contacts(tenant_id, ids)}
        return [_account(row, by_id) for row in rows]

    def list_all(self, tenant_id: str) -> list[Account]:
        rows = list(
            self._c.execute(
                select(accounts).where(accounts.c.tenant_id == tenant_id).order_by(accounts.c.id)
            ).mappings()
        )
        all_contacts = self._c.execute(select(contacts).where(contacts.c.tenant_id == tenant_id))
        by_id = {c.id: c for c in (_contact(r) for r in all_contacts.mappings())}
        return [_account(row, by_id) for row in rows]

    # The summary's lists come from subscriptions, invoices, payments and usage, whose
    # tables arrive with the orders and billing issues; until then an account has none.

    def subscription_summaries(self, tenant_id: str, account_id: str) -> list[SubscriptionSummary]:
        return []

    def invoice_summaries(self, tenant_id: str, account_id: str) -> list[InvoiceSummary]:
        return []

    def payment_summaries(self, tenant_id: str, account_id: str) -> list[PaymentSummary]:
        return []

    def usage_summaries(self, tenant_id: str, account_id: str) -> list[UsageSummary]:
        return []

    def _one(self, tenant_id: str, by: str, key: str, for_update: bool) -> Account | None:
        query = _BY_KEY[(by, for_update)]
        row = self._c.execute(query, {"tenant_id": tenant_id, "key": key}).mappings().first()
        if row is None:
            return None
        ids = {row["bill_to_contact_id"], row["sold_to_contact_id"], row["ship_to_contact_id"]}
        return _account(row, {c.id: c for c in self._contacts(tenant_id, ids)})

    def _contacts(self, tenant_id: str, ids: Iterable[str]) -> list[Contact]:
        rows = self._c.execute(_CONTACTS, {"tenant_id": tenant_id, "ids": sorted(ids)})
        return [_contact(r) for r in rows.mappings()]

    def _contacts_of(self, tenant_id: str, account_id: str) -> list[Contact]:
        rows = self._c.execute(
            select(contacts).where(
                contacts.c.tenant_id == tenant_id, contacts.c.account_id == account_id
            )
        )
        return [_contact(r) for r in rows.mappings()]
