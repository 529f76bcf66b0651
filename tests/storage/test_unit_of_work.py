import uuid
from datetime import UTC, datetime

import pytest

from zorders.bootstrap import Container
from zorders.services.ports import TenantRecord


def _record() -> TenantRecord:
    return TenantRecord(
        id=uuid.uuid4().hex, name=f"uow-{uuid.uuid4().hex[:8]}", created_at=datetime.now(UTC)
    )


def test_nothing_is_kept_without_commit(container: Container) -> None:
    record = _record()
    with container.uow_factory() as uow:
        uow.tenants.add(record)
    with container.uow_factory(read_only=True) as uow:
        assert uow.tenants.get(record.id) is None


def test_an_exception_rolls_back(container: Container) -> None:
    record = _record()
    with pytest.raises(RuntimeError), container.uow_factory() as uow:
        uow.tenants.add(record)
        raise RuntimeError("halfway")
    with container.uow_factory(read_only=True) as uow:
        assert uow.tenants.get(record.id) is None


def test_committed_work_is_kept_with_aware_utc_times(container: Container) -> None:
    record = _record()
    with container.uow_factory() as uow:
        uow.tenants.add(record)
        uow.commit()
    with container.uow_factory(read_only=True) as uow:
        stored = uow.tenants.get(record.id)
    assert stored is not None
    assert stored.name == record.name
    assert stored.created_at.tzinfo is not None
    assert abs((stored.created_at - record.created_at).total_seconds()) < 0.001
