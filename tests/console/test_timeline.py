"""The subscription timeline's geometry, on the world's three versions (hand-computed).

The axis runs from the subscription's start (2025-01-01) to its term end (2026-01-01)
plus a fortieth of the span (365 // 40 = 9 days): 2026-01-10, 374 days over the
1000 - 190 - 16 = 794 pixels right of the labels."""

from __future__ import annotations

from datetime import date

from tests.console.conftest import World
from zorders.console import timeline


def _build(world: World, today: date) -> timeline.Timeline:
    c = world.api.container
    with c.uow_factory(read_only=True) as uow:
        versions = uow.subscriptions.versions(world.a["tenantId"], world.subscription)
        orders = {n: uow.orders.get(world.a["tenantId"], n) for n in world.orders}
    return timeline.build(versions, {k: v for k, v in orders.items() if v}, today)


def _x(day: date) -> float:
    return round(190 + (day - date(2025, 1, 1)).days / 374 * 794, 1)


def test_versions_terms_segments_and_markers(world: World) -> None:
    t = _build(world, date(2025, 1, 1))
    assert (t.start, t.end) == (date(2025, 1, 1), date(2026, 1, 10))
    assert [r.version for r in t.rows] == [1, 2, 3]
    assert [r.order_number for r in t.rows] == world.orders
    assert [r.made_by for r in t.rows] == [
        ("CreateSubscription",),
        ("UpdateProduct",),
        ("Suspend", "Resume"),
    ]
    assert [r.latest for r in t.rows] == [False, False, True]
    one, two, three = t.rows
    # The term: from x 190 to 190 + 365 / 374 * 794 = 964.9.
    assert (one.term.x, one.term.width) == (190.0, round(_x(date(2026, 1, 1)) - 190.0, 1))
    assert _x(date(2026, 1, 1)) == 964.9
    # Three charges a version; the seats' lane splits on 2025-03-01 in version 2 on.
    assert [len(r.lanes) for r in t.rows] == [3, 3, 3]
    seats = next(lane for lane in two.lanes if "seats" in lane.label)
    assert [(b.start, b.end, b.label) for b in seats.segments] == [
        (date(2025, 1, 1), date(2025, 3, 1), "12 × 3"),
        (date(2025, 3, 1), date(2026, 1, 1), "12 × 8"),
    ]
    assert seats.segments[1].x == _x(date(2025, 3, 1)) == 315.3  # 190 + 59 * 794 / 374
    # Version 3's suspension, 2025-05-01 to 2025-06-01.
    assert [(s.start, s.end) for s in three.suspended] == [(date(2025, 5, 1), date(2025, 6, 1))]
    assert three.suspended[0].x == _x(date(2025, 5, 1))
    # Trigger dates: one marker per action and day, naming the dates that fall on it.
    assert [m.title for m in two.markers] == [
        "UpdateProduct 2025-03-01: ContractEffective, CustomerAcceptance, ServiceActivation"
    ]
    assert [m.on for m in three.markers] == [date(2025, 5, 1), date(2025, 6, 1)]
    # The charged-through dates of the first bill: February 1st for the recurring ones.
    platform = one.lanes[0]
    assert [(m.kind, m.on) for m in platform.markers] == [("ctd", date(2025, 2, 1))]
    # Rows stack: a head of 24 and 3 lanes of 20, then a gap of 10.
    assert [r.y for r in t.rows] == [34.0, 128.0, 222.0]
    assert t.height == 316.0
    assert t.today_x == 190.0


def test_status_follows_the_day_looked_at(world: World) -> None:
    assert _build(world, date(2025, 5, 15)).rows[-1].status == "Suspended"
    assert _build(world, date(2025, 6, 1)).rows[-1].status == "Active"
    # Past the axis there is no today line, and the axis reaches today.
    later = _build(world, date(2027, 3, 1))
    assert later.end > date(2027, 3, 1)
