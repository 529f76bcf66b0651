"""The v2 query mechanism: tables of query inputs -> the parsed query, or a bad_request
naming the parameter; lists paged by cursor, filtered, sorted; objects selected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zorders.api.v2.errors import V2Error
from zorders.api.v2.paging import page
from zorders.api.v2.query import Filter, Kind, Query, Resource, SortKey, parse_query, select

THINGS = Resource(
    name="things",
    fields=frozenset({"id", "name", "balance", "created_time", "items", "owner", "state"}),
    filterable={
        "name": Kind.STRING,
        "balance": Kind.NUMBER,
        "count": Kind.INTEGER,
        "active": Kind.BOOLEAN,
        "day": Kind.DATE,
        "created_time": Kind.DATETIME,
        "state": Kind.STRING,
    },
    sortable=frozenset({"created_time", "name", "balance", "id"}),
    related={"items": frozenset({"id", "sku", "qty"}), "owner": frozenset({"id", "email"})},
    related_filterable={"items": {"sku": Kind.STRING, "qty": Kind.INTEGER}},
    expandable=frozenset({"owner"}),
)


def q(*items: tuple[str, str], listing: bool = True) -> Query:
    return parse_query(items, THINGS, listing=listing)


@pytest.mark.parametrize(
    ("items", "fields", "expand"),
    [
        ((), None, frozenset()),
        ((("fields[]", "name"),), frozenset({"name"}), frozenset()),
        ((("fields[]", "name,balance"),), frozenset({"name", "balance"}), frozenset()),
        ((("fields[]", "name"), ("fields[]", "state")), frozenset({"name", "state"}), frozenset()),
        ((("expand[]", "owner"),), None, frozenset({"owner"})),
    ],
)
def test_fields_and_expand(
    items: tuple[tuple[str, str], ...], fields: frozenset[str] | None, expand: frozenset[str]
) -> None:
    query = q(*items)
    assert query.fields == fields
    assert query.expand == expand


def test_defaults() -> None:
    query = q()
    assert query.page_size == 30
    assert query.sort == (SortKey("created_time", True),)
    assert query.filters == ()
    assert query.after is None


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("name.EQ:Acme", Filter("name", "EQ", "Acme", Kind.STRING)),
        ("name.EQ:'Acme Ltd'", Filter("name", "EQ", "Acme Ltd", Kind.STRING)),
        ("name.NE:null", Filter("name", "NE", None, Kind.STRING)),
        ("name.EQ:null", Filter("name", "EQ", None, Kind.STRING)),
        ("name.SW:Ac", Filter("name", "SW", "Ac", Kind.STRING)),
        ("balance.GT:10.50", Filter("balance", "GT", Decimal("10.50"), Kind.NUMBER)),
        ("count.LE:3", Filter("count", "LE", 3, Kind.INTEGER)),
        ("active.EQ:true", Filter("active", "EQ", True, Kind.BOOLEAN)),
        ("day.GE:2023-01-01", Filter("day", "GE", date(2023, 1, 1), Kind.DATE)),
        ("state.IN:[draft,pending]", Filter("state", "IN", ("draft", "pending"), Kind.STRING)),
        ("count.IN:[1, 2]", Filter("count", "IN", (1, 2), Kind.INTEGER)),
    ],
)
def test_filters(spec: str, expected: Filter) -> None:
    assert q(("filter[]", spec)).filters == (expected,)


def test_related_filter_on_a_single_read() -> None:
    query = q(("filter[]", "items[sku].EQ:A-1"), listing=False)
    assert query.related_filters == {"items": (Filter("sku", "EQ", "A-1", Kind.STRING),)}


@pytest.mark.parametrize(
    ("items", "parameter", "code"),
    [
        ((("fields[]", "nope"),), "fields[]", "invalid_parameter"),
        ((("fields[]", "name,nope"),), "fields[]", "invalid_parameter"),
        ((("items.fields[]", "nope"),), "items.fields[]", "invalid_parameter"),
        ((("ghosts.fields[]", "id"),), "ghosts.fields[]", "invalid_parameter"),
        ((("expand[]", "items"),), "expand[]", "invalid_parameter"),
        ((("filter[]", "nope.EQ:1"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "name.XX:1"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "name=1"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "balance.GT:ten"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "balance.GT:NaN"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "count.EQ:1.5"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "active.EQ:yes"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "day.EQ:2023-13-01"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "created_time.GT:2023-01-01T00:00:00"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "name.LT:null"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "balance.SW:1"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "state.IN:draft"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "items[nope].EQ:1"),), "filter[]", "invalid_parameter"),
        ((("filter[]", "owner[email].EQ:1"),), "filter[]", "invalid_parameter"),
        ((("sort[]", "name"),), "sort[]", "invalid_parameter"),
        ((("sort[]", "name.up"),), "sort[]", "invalid_parameter"),
        ((("sort[]", "state.asc"),), "sort[]", "invalid_parameter"),
        ((("page_size", "0"),), "page_size", "invalid_parameter"),
        ((("page_size", "100"),), "page_size", "invalid_parameter"),
        ((("page_size", "-1"),), "page_size", "invalid_parameter"),
        ((("page_size", "ten"),), "page_size", "invalid_parameter_integer"),
        ((("cursor", "not a cursor"),), "cursor", "invalid_parameter"),
        ((("cursor", "eyJ4IjoxfQ"),), "cursor", "invalid_parameter"),  # {"x":1}
        ((("cursor", "W10"),), "cursor", "invalid_parameter"),  # []
    ],
)
def test_bad_queries_name_the_parameter(
    items: tuple[tuple[str, str], ...], parameter: str, code: str
) -> None:
    with pytest.raises(V2Error) as caught:
        q(*items)
    answer = caught.value.answer
    assert (answer.status, answer.type, answer.retryable) == (400, "bad_request", False)
    assert answer.problem is not None
    assert (answer.problem.code, answer.problem.parameter) == (code, parameter)


def test_a_plain_filter_on_a_single_read_is_a_bad_request() -> None:
    with pytest.raises(V2Error) as caught:
        q(("filter[]", "name.EQ:x"), listing=False)
    assert caught.value.answer.problem is not None
    assert caught.value.answer.problem.parameter == "filter[]"


@pytest.mark.parametrize("size", ["1", "30", "99"])
def test_page_sizes_in_range(size: str) -> None:
    assert q(("page_size", size)).page_size == int(size)


def thing(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"id{n:02d}",
        "name": f"thing {n:02d}",
        "balance": Decimal(n) / 4,
        "created_time": f"2023-01-{n:02d}T10:00:00Z",
        "state": "draft" if n % 2 else "pending",
        **extra,
    }


ROWS = [thing(n) for n in range(1, 8)]


def ids(listing: dict[str, Any]) -> list[str]:
    return [o["id"] for o in listing["data"]]


def test_default_order_is_reverse_chronological() -> None:
    result = page(ROWS, q(), THINGS)
    assert ids(result) == ["id07", "id06", "id05", "id04", "id03", "id02", "id01"]
    assert result["next_page"] is None


def test_cursor_walks_every_row_once_and_is_stable_under_inserts() -> None:
    first = page(ROWS, q(("page_size", "3")), THINGS)
    assert ids(first) == ["id07", "id06", "id05"]
    cursor = first["next_page"]
    assert isinstance(cursor, str) and "=" not in cursor
    # A row created meanwhile (newest) does not shift the next page.
    rows = [*ROWS, thing(9)]
    second = page(rows, q(("page_size", "3"), ("cursor", cursor)), THINGS)
    assert ids(second) == ["id04", "id03", "id02"]
    third = page(rows, q(("page_size", "3"), ("cursor", second["next_page"])), THINGS)
    assert ids(third) == ["id01"]
    assert third["next_page"] is None


def test_sort_by_number_ascending_with_cursor() -> None:
    rows = [thing(n) for n in (10, 2, 33, 4)]
    first = page(rows, q(("sort[]", "balance.asc"), ("page_size", "2")), THINGS)
    assert [o["balance"] for o in first["data"]] == [Decimal("0.5"), Decimal("1")]
    second = page(
        rows,
        q(("sort[]", "balance.asc"), ("page_size", "2"), ("cursor", first["next_page"])),
        THINGS,
    )
    assert [o["balance"] for o in second["data"]] == [Decimal("2.5"), Decimal("8.25")]


def test_ties_are_broken_by_id() -> None:
    rows = [thing(n, name="same") for n in (3, 1, 2)]
    first = page(rows, q(("sort[]", "name.asc"), ("page_size", "2")), THINGS)
    assert ids(first) == ["id01", "id02"]
    second = page(
        rows, q(("sort[]", "name.asc"), ("page_size", "2"), ("cursor", first["next_page"])), THINGS
    )
    assert ids(second) == ["id03"]


def test_a_cursor_of_another_sort_is_a_bad_request() -> None:
    cursor = page(ROWS, q(("page_size", "2")), THINGS)["next_page"]
    with pytest.raises(V2Error) as caught:
        q(("sort[]", "name.asc"), ("cursor", cursor))
    assert caught.value.answer.problem is not None
    assert caught.value.answer.problem.parameter == "cursor"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["state.EQ:draft"], ["id07", "id05", "id03", "id01"]),
        (["state.EQ:draft", "balance.GE:1"], ["id07", "id05"]),
        (["state.NE:draft"], ["id06", "id04", "id02"]),
        (["balance.LT:0.75"], ["id02", "id01"]),
        (["balance.LE:0.75"], ["id03", "id02", "id01"]),
        (["balance.GT:1.5"], ["id07"]),
        (["name.SW:thing 0"], ["id07", "id06", "id05", "id04", "id03", "id02", "id01"]),
        (["name.IN:[thing 01,thing 05]"], ["id05", "id01"]),
        (["created_time.GE:2023-01-06T00:00:00Z"], ["id07", "id06"]),
        (["name.EQ:null"], []),
        (["name.NE:null"], ["id07", "id06", "id05", "id04", "id03", "id02", "id01"]),
    ],
)
def test_filter_lists(filters: list[str], expected: list[str]) -> None:
    query = q(*(("filter[]", f) for f in filters))
    assert ids(page(ROWS, query, THINGS)) == expected


def test_null_filter_finds_missing_values() -> None:
    rows = [thing(1), {**thing(2), "name": None}]
    assert ids(page(rows, q(("filter[]", "name.EQ:null")), THINGS)) == ["id02"]


def test_select_fields_and_related_fields_and_related_filters() -> None:
    obj = {
        **thing(1),
        "items": [{"id": "i1", "sku": "A", "qty": 1}, {"id": "i2", "sku": "B", "qty": 2}],
        "owner": {"id": "o1", "email": "a@example.com", "phone": "1"},
    }
    query = q(
        ("fields[]", "name,items,owner"),
        ("items.fields[]", "qty"),
        ("owner.fields[]", "email"),
        ("filter[]", "items[qty].GE:2"),
        listing=False,
    )
    assert select(obj, query, THINGS) == {
        "id": "id01",
        "name": "thing 01",
        "items": [{"id": "i2", "qty": 2}],
        "owner": {"id": "o1", "email": "a@example.com"},
    }


def test_related_lists_in_a_data_envelope() -> None:
    obj = {**thing(1), "items": {"data": [{"id": "i1", "sku": "A", "qty": 1}], "next_page": None}}
    query = q(("items.fields[]", "sku"), listing=False)
    assert select(obj, query, THINGS)["items"] == {
        "data": [{"id": "i1", "sku": "A"}],
        "next_page": None,
    }
