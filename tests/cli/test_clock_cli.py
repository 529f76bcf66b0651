"""`zorders clock show|set|advance`, `zorders tenant create --now`, `zorders tenant delete`."""

from __future__ import annotations

import json
import uuid

from tests.cli.test_cli import zorders
from zorders.bootstrap import Container


def _name() -> str:
    return f"cli-{uuid.uuid4().hex[:10]}"


def test_clock_show_set_advance(container: Container, database_url: str) -> None:
    name = _name()
    created = zorders(
        "tenant", "create", name, "--json", "--now", "2025-01-31T10:00:00Z",
        database_url=database_url,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    shown = zorders("clock", "show", "--tenant", name, database_url=database_url)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == {
        "now": "2025-01-31T10:00:00Z",
        "today": "2025-01-31",
        "timeZone": "UTC",
    }
    test_mode = {"ZORDERS_TEST_MODE": "1"}
    advanced = zorders(
        "clock", "advance", "--tenant", name, "--months", "1",
        database_url=database_url, **test_mode,
    )  # fmt: skip
    assert advanced.returncode == 0, advanced.stderr
    assert json.loads(advanced.stdout)["now"] == "2025-02-28T10:00:00Z"
    moved = zorders(
        "clock", "set", "2025-06-01T00:00:00Z", "--tenant", name,
        database_url=database_url, **test_mode,
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["previousNow"] == "2025-02-28T10:00:00Z"
    back = zorders(
        "clock", "set", "2025-05-01T00:00:00Z", "--tenant", name,
        database_url=database_url, **test_mode,
    )  # fmt: skip
    assert back.returncode == 1
    assert "only moves forward" in back.stderr
    until = zorders(
        "clock", "advance", "--tenant", name, "--until", "2025-07-04",
        database_url=database_url, **test_mode,
    )  # fmt: skip
    assert until.returncode == 0, until.stderr
    assert json.loads(until.stdout)["today"] == "2025-07-04"
    both = zorders(
        "clock", "advance", "--tenant", name, "--days", "1", "--months", "1",
        database_url=database_url, **test_mode,
    )  # fmt: skip
    assert both.returncode == 1
    assert "exactly one" in both.stderr


def test_moving_a_clock_needs_test_mode(container: Container, database_url: str) -> None:
    name = _name()
    assert zorders("tenant", "create", name, database_url=database_url).returncode == 0
    refused = zorders(
        "clock", "advance", "--tenant", name, "--days", "1", database_url=database_url
    )
    assert refused.returncode == 1
    assert "ZORDERS_TEST_MODE" in refused.stderr
    unknown = zorders("clock", "show", "--tenant", "no-such-tenant", database_url=database_url)
    assert unknown.returncode == 1
    assert "no tenant named" in unknown.stderr


def test_tenant_delete(container: Container, database_url: str) -> None:
    name = _name()
    created = zorders("tenant", "create", name, "--json", database_url=database_url)
    assert created.returncode == 0, created.stderr
    tenant_id = json.loads(created.stdout)["tenantId"]
    deleted = zorders("tenant", "delete", name, database_url=database_url)
    assert deleted.returncode == 0, deleted.stderr
    assert tenant_id in deleted.stdout
    with container.uow_factory(read_only=True) as uow:
        assert uow.tenants.get(tenant_id) is None
        assert uow.oauth_clients.list_for_tenant(tenant_id) == []
    again = zorders("tenant", "delete", name, database_url=database_url)
    assert again.returncode == 1
    assert "no tenant named" in again.stderr


def test_tenant_time_zone_at_creation_and_by_configure(
    container: Container, database_url: str
) -> None:
    name = _name()
    created = zorders(
        "tenant", "create", name, "--now", "2025-03-01T03:00:00Z",
        "--time-zone", "America/Los_Angeles", database_url=database_url,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    shown = zorders("clock", "show", "--tenant", name, database_url=database_url)
    assert json.loads(shown.stdout) == {
        "now": "2025-03-01T03:00:00Z",
        "today": "2025-02-28",
        "timeZone": "America/Los_Angeles",
    }
    moved = zorders(
        "tenant", "configure", name, "--time-zone", "Asia/Tokyo", database_url=database_url
    )
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["timeZone"] == "Asia/Tokyo"
    shown = zorders("clock", "show", "--tenant", name, database_url=database_url)
    # The instant stays; the date it reads as moves (12:00 on 1 March in Tokyo).
    assert json.loads(shown.stdout)["today"] == "2025-03-01"
    bad = zorders(
        "tenant", "configure", name, "--time-zone", "Mars/Base", database_url=database_url
    )
    assert bad.returncode != 0
    assert "not an IANA time zone" in bad.stderr
    refused = zorders(
        "tenant", "create", _name(), "--time-zone", "localtime", database_url=database_url
    )
    assert refused.returncode != 0
