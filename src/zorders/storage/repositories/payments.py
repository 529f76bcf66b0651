"""Payment methods and payments, stored as JSON documents of their domain values with the
columns queries need; every query by tenant."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from zorders.domain.payments import Payment, PaymentMethod
from zorders.storage.documents import from_document, to_document
from zorders.storage.tables import payment_methods as methods_t
from zorders.storage.tables import payments as payments_t


class SqlPaymentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # -- payment methods -----------------------------------------------------------------

    def add_method(self, tenant_id: str, method: PaymentMethod) -> None:
        assert method.created_at is not None
        self._c.execute(
            insert(methods_t).values(
                id=method.id,
                tenant_id=tenant_id,
                account_id=method.account_id,
                type=method.type.value,
                method=to_document(method),
                created_at=method.created_at,
            )
        )

    def get_method(self, tenant_id: str, method_id: str) -> PaymentMethod | None:
        stored = self._c.execute(
            select(methods_t.c.method).where(
                methods_t.c.tenant_id == tenant_id, methods_t.c.id == method_id
            )
        ).scalar_one_or_none()
        return from_document(PaymentMethod, stored) if stored is not None else None

    def update_method(self, tenant_id: str, method: PaymentMethod) -> None:
        self._c.execute(
            update(methods_t)
            .where(methods_t.c.tenant_id == tenant_id, methods_t.c.id == method.id)
            .values(account_id=method.account_id, method=to_document(method))
        )

    def delete_method(self, tenant_id: str, method_id: str) -> None:
        self._c.execute(
            delete(methods_t).where(methods_t.c.tenant_id == tenant_id, methods_t.c.id == method_id)
        )

    def methods_of_account(self, tenant_id: str, account_id: str) -> list[PaymentMethod]:
        rows = self._c.execute(
            select(methods_t.c.method)
            .where(methods_t.c.tenant_id == tenant_id, methods_t.c.account_id == account_id)
            .order_by(methods_t.c.created_at, methods_t.c.id)
        ).scalars()
        return [from_document(PaymentMethod, r) for r in rows]

    # -- payments ------------------------------------------------------------------------

    def add(self, tenant_id: str, payment: Payment) -> None:
        assert payment.created_at is not None
        self._c.execute(
            insert(payments_t).values(
                id=payment.id,
                tenant_id=tenant_id,
                account_id=payment.account_id,
                number=payment.number,
                type=payment.type.value,
                created_at=payment.created_at,
                **self._values(payment),
            )
        )

    def update(self, tenant_id: str, payment: Payment) -> None:
        self._c.execute(
            update(payments_t)
            .where(payments_t.c.tenant_id == tenant_id, payments_t.c.id == payment.id)
            .values(**self._values(payment))
        )

    @staticmethod
    def _values(payment: Payment) -> dict[str, object]:
        return {
            "status": payment.status.value,
            "amount": payment.amount,
            "effective_date": payment.effective_date,
            "payment": to_document(payment),
        }

    def get(self, tenant_id: str, key: str, *, for_update: bool = False) -> Payment | None:
        query = select(payments_t.c.payment).where(
            payments_t.c.tenant_id == tenant_id,
            or_(payments_t.c.id == key, payments_t.c.number == key),
        )
        if for_update:
            # Rendered on PostgreSQL only; SQLite's BEGIN IMMEDIATE already serializes writers.
            query = query.with_for_update()
        stored = self._c.execute(query).scalars().first()
        return from_document(Payment, stored) if stored is not None else None

    def number_in_use(self, tenant_id: str, number: str) -> bool:
        found = self._c.execute(
            select(payments_t.c.id).where(
                payments_t.c.tenant_id == tenant_id, payments_t.c.number == number
            )
        ).first()
        return found is not None

    def list(
        self,
        tenant_id: str,
        *,
        offset: int,
        limit: int,
        account_id: str | None = None,
        status: str | None = None,
        type: str | None = None,
    ) -> list[Payment]:
        query = select(payments_t.c.payment).where(payments_t.c.tenant_id == tenant_id)
        if account_id is not None:
            query = query.where(payments_t.c.account_id == account_id)
        if status is not None:
            query = query.where(payments_t.c.status == status)
        if type is not None:
            query = query.where(payments_t.c.type == type)
        rows = self._c.execute(
            # Numbers are taken under the account's lock: commit order, not a request's clock.
            query.order_by(func.length(payments_t.c.number), payments_t.c.number)
            .offset(offset)
            .limit(limit)
        ).scalars()
        return [from_document(Payment, r) for r in rows]
