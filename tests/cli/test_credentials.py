"""Credentials after a tenant is made (issue 16, decisions AU3-AU5): `zorders tenant
rotate-secret` and `revoke-tokens`; a new ZORDERS_DEFAULT_CLIENT_SECRET revokes the tokens
of the old one; hand-chosen secrets of 16 characters at least; the start banner never
prints a secret the environment gave."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime

import pytest

from tests.cli.test_cli import sqlite_file, zorders  # noqa: F401 (the fixture)
from tests.support.server import zorders_server
from zorders.bootstrap import build
from zorders.domain.errors import DomainError, ErrorCode
from zorders.services import auth
from zorders.services.clock import FixedClock
from zorders.settings import Settings

NOW = FixedClock(datetime(2026, 6, 1, tzinfo=UTC))


def _token(url: str, client_id: str, secret: str) -> str:
    container = build(Settings(database_url=url))
    try:
        issued = auth.issue_token(
            container.uow_factory,
            NOW,
            client_id=client_id,
            client_secret=secret,
            grant_type="client_credentials",
            ttl_seconds=3600,
        )
    finally:
        container.close()
    return issued.access_token


def _valid(url: str, token: str) -> bool:
    container = build(Settings(database_url=url))
    try:
        auth.authenticate(container.uow_factory, NOW, token)
    except DomainError as err:
        assert err.code is ErrorCode.AUTHENTICATION_FAILED
        return False
    finally:
        container.close()
    return True


def test_rotating_a_secret_revokes_the_tokens_issued_before_it(sqlite_file: str) -> None:  # noqa: F811
    made = zorders("tenant", "create", "acme", "--json", database_url=sqlite_file)
    creds = json.loads(made.stdout)
    first = _token(sqlite_file, creds["clientId"], creds["clientSecret"])
    assert _valid(sqlite_file, first)

    rotated = zorders("tenant", "rotate-secret", "acme", "--json", database_url=sqlite_file)
    assert rotated.returncode == 0, rotated.stderr
    new = json.loads(rotated.stdout)
    assert (new["clientId"], new["tokensRevoked"]) == (creds["clientId"], 1)
    assert len(new["clientSecret"]) == 40 and new["clientSecret"] != creds["clientSecret"]
    assert not _valid(sqlite_file, first)
    with pytest.raises(DomainError) as old:
        _token(sqlite_file, creds["clientId"], creds["clientSecret"])
    assert old.value.code is ErrorCode.INVALID_CLIENT_CREDENTIALS
    second = _token(sqlite_file, creds["clientId"], new["clientSecret"])

    revoked = zorders("tenant", "revoke-tokens", "acme", database_url=sqlite_file)
    assert revoked.stdout.strip() == "tenant acme: 1 token(s) revoked"
    assert not _valid(sqlite_file, second)
    assert _valid(sqlite_file, _token(sqlite_file, creds["clientId"], new["clientSecret"]))

    nobody = zorders("tenant", "rotate-secret", "nobody", database_url=sqlite_file)
    assert (nobody.returncode, nobody.stderr.strip()) == (1, "error: No tenant named 'nobody'.")


def _http_token(base_url: str, client_id: str, secret: str) -> str:
    data = urllib.parse.urlencode(
        {"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"}
    ).encode()
    with urllib.request.urlopen(f"{base_url}/oauth/token", data=data) as r:
        token: str = json.loads(r.read())["access_token"]
    return token


def test_a_new_default_secret_revokes_the_old_tokens_and_is_never_printed(
    sqlite_file: str,  # noqa: F811
) -> None:
    client_id = str(uuid.uuid4())
    old_secret, new_secret = "old-secret-0123456789", "new-secret-0123456789"
    with zorders_server(
        sqlite_file, ZORDERS_DEFAULT_CLIENT_ID=client_id, ZORDERS_DEFAULT_CLIENT_SECRET=old_secret
    ) as server:
        token = _http_token(server.base_url, client_id, old_secret)
    assert old_secret not in server.stdout
    assert "client_secret: (the value of ZORDERS_DEFAULT_CLIENT_SECRET)" in server.stdout
    assert '-d client_secret="$ZORDERS_DEFAULT_CLIENT_SECRET"' in server.stdout
    assert _valid(sqlite_file, token)
    with zorders_server(
        sqlite_file, ZORDERS_DEFAULT_CLIENT_ID=client_id, ZORDERS_DEFAULT_CLIENT_SECRET=new_secret
    ) as server:
        assert _http_token(server.base_url, client_id, new_secret)
        with pytest.raises(urllib.error.HTTPError) as refused:
            _http_token(server.base_url, client_id, old_secret)
        refused.value.close()  # the error holds the answer's socket
        assert refused.value.code == 401
    assert new_secret not in server.stdout
    assert not _valid(sqlite_file, token)


def test_a_default_secret_under_16_characters_stops_serve(sqlite_file: str) -> None:  # noqa: F811
    result = zorders(
        "serve",
        "--port",
        "0",
        database_url=sqlite_file,
        ZORDERS_DEFAULT_CLIENT_ID=str(uuid.uuid4()),
        ZORDERS_DEFAULT_CLIENT_SECRET="fifteen-chars!!",
    )
    assert result.returncode == 1
    assert "client_secret must be 16 to 42 characters" in result.stderr
