"""Migration 0014 (issue 13): payment methods made before it read as before (a card keeps
its type, mask and token; the new types' fields default), a method may have no account
yet (an orphan), and accounts gain `payment_gateway`, null for old rows."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support import databases
from zorders.bootstrap import build
from zorders.domain.payment_methods import CardType, PaymentMethod, PaymentMethodType
from zorders.settings import Settings
from zorders.storage.migrate import upgrade

OLD_CARD = {
    "account_id": "a" * 32,
    "type": "CreditCard",
    "card_type": "Visa",
    "last_four": "1111",
    "expiration_month": 12,
    "expiration_year": 2099,
    "token": "tgw_approved_1111",
    "gateway": "TestGateway",
    "holder_name": "Ada Lovelace",
    "status": "Active",
    "created_at": "2025-01-01T00:00:00+00:00",
    "updated_at": "2025-01-01T00:00:00+00:00",
}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_old_cards_read_as_before_and_orphans_fit(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql":
        reason = databases.postgres_unavailable_reason()
        if reason is not None:
            pytest.skip(reason)
        url = databases.create_postgres_database()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    container = build(Settings(database_url=url))
    tenant_id, method_id = uuid.uuid4().hex, uuid.uuid4().hex
    try:
        upgrade(container.engine, "0012")
        with container.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO tenants (id, name, created_at, settings, entity_id, org_id)"
                    " VALUES (:id, 'old', :at, NULL, :entity, :org)"
                ),
                {
                    "id": tenant_id,
                    "at": "2025-01-01 00:00:00",
                    "entity": str(uuid.uuid4()),
                    "org": str(uuid.uuid4()),
                },
            )
            conn.execute(
                text(
                    "INSERT INTO payment_methods (id, tenant_id, account_id, type, method,"
                    " created_at) VALUES (:id, :tenant, :account, 'CreditCard', :method, :at)"
                ),
                {
                    "id": method_id,
                    "tenant": tenant_id,
                    "account": "a" * 32,
                    "method": json.dumps({"id": method_id, **OLD_CARD}),
                    "at": "2025-01-01 00:00:00",
                },
            )
        upgrade(container.engine)
        with container.uow_factory() as uow:
            old = uow.payments.get_method(tenant_id, method_id)
            assert old is not None
            assert (old.type, old.card_type, old.mask, old.token, old.account_mask) == (
                PaymentMethodType.CREDIT_CARD,
                CardType.VISA,
                "************1111",
                "tgw_approved_1111",
                None,
            )
            orphan = PaymentMethod(
                id=uuid.uuid4().hex,
                account_id=None,
                type=PaymentMethodType.PAYPAL,
                baid="B-5YM98274U1542804X",
                created_at=old.created_at,
            )
            uow.payments.add_method(tenant_id, orphan)
            uow.commit()
        with container.uow_factory(read_only=True) as uow:
            found = uow.payments.get_method(tenant_id, orphan.id)
            assert found is not None and (found.account_id, found.baid) == (
                None,
                "B-5YM98274U1542804X",
            )
    finally:
        container.close()
        if backend == "postgresql":
            databases.drop_postgres_database(url)
