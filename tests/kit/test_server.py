"""Which server the plugin's tenants live on: the one ZORDERS_URL (or --zorders-url)
names, used and never stopped; without one, a `zorders serve` of the plugin's own over a
throwaway SQLite file, stopped when the session ends."""

from __future__ import annotations

import os

import pytest

from tests.kit.conftest import RECORD, can_sign_in, records
from tests.support.server import RunningServer, zorders_server
from zorders.testing.http import ZordersError, call

USES_SERVER = (
    RECORD
    + """
import os

def test_server(zorders_server, zuora_tenant):
    record(zuora_tenant, startedHere=zorders_server.started_here,
           pid=zorders_server.process.pid if zorders_server.process else None,
           log=str(zorders_server.log_path) if zorders_server.log_path else None)
    assert zuora_tenant.base_url == zorders_server.base_url
    assert zuora_tenant.clock.advance(days=1).today.isoformat() > "2000-01-01"
"""
)


def test_a_server_given_by_zorders_url_is_used_and_left_running(
    inner: pytest.Pytester, kit_server: RunningServer
) -> None:
    inner.makepyfile(test_given=USES_SERVER)
    inner.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    (made,) = records(inner)
    assert (made["baseUrl"], made["startedHere"], made["pid"]) == (kit_server.base_url, False, None)
    assert not can_sign_in(made)  # its tenant was made there, and deleted there
    assert kit_server.process.poll() is None
    assert call("GET", f"{kit_server.base_url}/health")["status"] == "UP"


def test_the_command_line_url_wins_over_the_environment(
    inner: pytest.Pytester, kit_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZORDERS_URL", "http://127.0.0.1:9")  # nothing listens there
    inner.makepyfile(test_given=USES_SERVER)
    result = inner.runpytest("-p", "no:cacheprovider", f"--zorders-url={kit_server.base_url}/")
    result.assert_outcomes(passed=1)
    (made,) = records(inner)
    assert made["baseUrl"] == kit_server.base_url


def test_a_url_where_nothing_answers_is_a_clear_error(
    inner: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZORDERS_URL", "http://127.0.0.1:9")
    inner.makepyfile(test_given=USES_SERVER)
    result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*the zorders server at http://127.0.0.1:9 does not answer*"])


def test_a_server_not_in_test_mode_is_refused_with_the_reason(
    inner: pytest.Pytester, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zorders_server(database_url) as production:
        monkeypatch.setenv("ZORDERS_URL", production.base_url)
        inner.makepyfile(test_given=USES_SERVER)
        result = inner.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*is not in test mode: start it with ZORDERS_TEST_MODE=1*"])


def test_without_a_url_the_plugin_starts_its_own_server_and_stops_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ZORDERS_URL", raising=False)
    pytester.makepyfile(test_own=USES_SERVER)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    (made,) = records(pytester)
    assert made["startedHere"] is True
    assert made["baseUrl"].startswith("http://127.0.0.1:")
    # It ran over a SQLite file of the session's temporary directory, in test mode.
    log = made["log"]
    assert log.endswith("zorders-serve.log")
    assert os.path.exists(os.path.join(os.path.dirname(log), "zorders.db"))
    # The session's end stopped it: the process is gone and its port refuses.
    with pytest.raises(ProcessLookupError):
        os.kill(made["pid"], 0)
    with pytest.raises(ZordersError):
        call("GET", f"{made['baseUrl']}/health", timeout=2)
