"""Per-tenant numbers: in order, never handed out twice, not consumed by a rollback."""

import threading
import uuid

from zorders.bootstrap import Container
from zorders.domain.numbering import NumberKind
from zorders.services import tenants
from zorders.services.numbering import next_number


def _tenant(container: Container) -> str:
    return tenants.create_tenant(
        container.uow_factory, container.wall_clock, f"seq-{uuid.uuid4().hex[:10]}"
    ).tenant_id


def _take(container: Container, tenant_id: str, kind: NumberKind) -> str:
    with container.uow_factory() as uow:
        number = next_number(uow, tenant_id, kind)
        uow.commit()
    return number


def test_numbers_per_tenant_and_kind(container: Container) -> None:
    a, b = _tenant(container), _tenant(container)
    assert [_take(container, a, NumberKind.ACCOUNT) for _ in range(3)] == [
        "A00000001",
        "A00000002",
        "A00000003",
    ]
    assert _take(container, b, NumberKind.ACCOUNT) == "A00000001"
    assert _take(container, a, NumberKind.ORDER) == "O-00000001"
    assert _take(container, a, NumberKind.SUBSCRIPTION) == "A-S00000001"
    assert _take(container, a, NumberKind.CHARGE) == "C-00000001"
    assert _take(container, a, NumberKind.INVOICE) == "INV00000001"
    assert _take(container, a, NumberKind.PAYMENT) == "P-00000001"


def test_a_rolled_back_transaction_consumes_no_number(container: Container) -> None:
    t = _tenant(container)
    assert _take(container, t, NumberKind.ORDER) == "O-00000001"
    with container.uow_factory() as uow:
        assert next_number(uow, t, NumberKind.ORDER) == "O-00000002"
        # no commit: rolled back on exit
    assert _take(container, t, NumberKind.ORDER) == "O-00000002"


def test_concurrent_transactions_never_share_a_number(container: Container) -> None:
    t = _tenant(container)
    threads, per_thread = 8, 25
    taken: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                number = _take(container, t, NumberKind.INVOICE)
                with lock:
                    taken.append(number)
        except BaseException as err:  # reported below
            errors.append(err)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert errors == []
    assert len(taken) == len(set(taken)) == threads * per_thread
    assert sorted(taken) == [f"INV{n:08d}" for n in range(1, threads * per_thread + 1)]
