"""The console's session rules (decisions CO1 to CO4): no session, no page; a form without
its CSRF token changes nothing; the cookie is HttpOnly, SameSite and signed; what opened a
session closing (a rotated secret) ends it; the API's tokens and envelopes do not apply."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.console.conftest import World, csrf_of, sign_in
from tests.support.test_mode import SandboxApi
from zorders.services import credentials
from zorders.services.auth_throttle import FAILURES_PER_CLIENT

PAGES = [
    "/console/accounts",
    "/console/accounts/A00000001",
    "/console/subscriptions/A-S00000001",
    "/console/subscriptions/A-S00000001/versions/1",
    "/console/orders/O-00000001",
    "/console/invoices/INV00000001",
    "/console/credit-memos/CM00000001",
    "/console/payments/P-00000001",
    "/console/catalog",
    "/console/clock",
    "/console/anything/else",
]


def _browser(world: World) -> TestClient:
    return TestClient(world.api.client.app, raise_server_exceptions=False)


def _clock_today(world: World) -> str:
    answer = world.api.client.get("/zorders/v1/clock", headers=world.a["headers"])
    assert answer.status_code == 200, answer.text
    return str(answer.json()["today"])


@pytest.mark.parametrize("path", PAGES)
def test_without_a_session_every_page_sends_to_sign_in(world: World, path: str) -> None:
    with _browser(world) as browser:
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/console/sign-in?next=")
        # htmx asks for a fragment: it is told where to go instead of getting a page.
        fragment = browser.get(path, headers={"HX-Request": "true"}, follow_redirects=False)
        assert fragment.status_code == 401
        assert fragment.headers["hx-redirect"] == "/console/sign-in"


def test_an_api_token_opens_no_console_page(world: World) -> None:
    with _browser(world) as browser:
        answer = browser.get(
            "/console/accounts", headers=world.a["headers"], follow_redirects=False
        )
        assert answer.status_code == 303
        # And the console's answers are pages, not the API's envelope.
        assert (
            answer.headers.get("content-type") is None
            or "json" not in answer.headers["content-type"]
        )


def test_signing_in_sets_a_signed_httponly_samesite_cookie(world: World) -> None:
    with _browser(world) as browser:
        done = sign_in(browser, world.a["clientId"], world.a["clientSecret"])
        assert done.status_code == 303
        assert done.headers["location"] == "/console/accounts"
        cookie = done.headers["set-cookie"]
        assert cookie.startswith("zorders_console=")
        attributes = [a.strip().lower() for a in cookie.split(";")]
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert "path=/console" in attributes
        assert any(a.startswith("max-age=") for a in attributes)
        page = browser.get("/console/accounts")
        assert page.status_code == 200
        assert world.a["name"] in page.text


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(world: World) -> None:
    with _browser(world) as browser:
        first = browser.get("/console/sign-in?next=/console/catalog")
        done = browser.post(
            "/console/sign-in",
            data={
                "csrf_token": csrf_of(first.text),
                "client_id": world.a["clientId"],
                "client_secret": world.a["clientSecret"],
                "next": "/console/catalog",
            },
            follow_redirects=False,
        )
        assert done.headers["location"] == "/console/catalog"
    for elsewhere in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        with _browser(world) as browser:
            first = browser.get("/console/sign-in")
            done = browser.post(
                "/console/sign-in",
                data={
                    "csrf_token": csrf_of(first.text),
                    "client_id": world.a["clientId"],
                    "client_secret": world.a["clientSecret"],
                    "next": elsewhere,
                },
                follow_redirects=False,
            )
            assert done.headers["location"] == "/console/accounts", elsewhere


def test_a_wrong_secret_opens_nothing(world: World) -> None:
    with _browser(world) as browser:
        refused = sign_in(browser, world.a["clientId"], "not-the-secret")
        assert refused.status_code == 401
        assert "Authentication error" in refused.text
        assert browser.get("/console/accounts", follow_redirects=False).status_code == 303
        unknown = sign_in(browser, uuid.uuid4().hex, "whatever")
        assert unknown.status_code == 401


def test_repeated_failures_are_throttled_as_token_requests_are(world: World) -> None:
    with _browser(world) as browser:
        for _ in range(FAILURES_PER_CLIENT):
            assert sign_in(browser, world.a["clientId"], "wrong").status_code == 401
        # Now even the right secret waits out the window.
        throttled = sign_in(browser, world.a["clientId"], world.a["clientSecret"])
        assert throttled.status_code == 401
        assert "Too many" in throttled.text or "too many" in throttled.text
        assert browser.get("/console/accounts", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_sign_in_form_without_its_csrf_token_is_refused(world: World, token: Any) -> None:
    with _browser(world) as browser:
        browser.get("/console/sign-in")
        data = {"client_id": world.a["clientId"], "client_secret": world.a["clientSecret"]}
        if token is not None:
            data["csrf_token"] = token
        refused = browser.post("/console/sign-in", data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert "CSRF" in refused.text
        assert browser.get("/console/accounts", follow_redirects=False).status_code == 303


def test_advancing_the_clock_without_the_csrf_token_changes_nothing(
    world: World, console_a: TestClient
) -> None:
    before = _clock_today(world)
    refused = console_a.post("/console/clock", data={"months": "1"})
    assert refused.status_code == 403
    forged = console_a.post("/console/clock", data={"months": "1", "csrf_token": "x" * 43})
    assert forged.status_code == 403
    assert _clock_today(world) == before == "2025-01-01"
    # The header htmx sends is as good as the field.
    token = csrf_of(console_a.get("/console/clock").text)
    moved = console_a.post("/console/clock", data={"days": "1"}, headers={"X-CSRF-Token": token})
    assert moved.status_code == 200, moved.text
    assert _clock_today(world) == "2025-01-02"


def test_the_csrf_token_of_another_session_is_refused(world: World, console_a: TestClient) -> None:
    with _browser(world) as other:
        assert sign_in(other, world.b["clientId"], world.b["clientSecret"]).status_code == 303
        theirs = csrf_of(other.get("/console/clock").text)
    refused = console_a.post("/console/clock", data={"days": "1", "csrf_token": theirs})
    assert refused.status_code == 403
    assert _clock_today(world) == "2025-01-01"


def test_signing_out_needs_the_token_and_ends_the_session(
    world: World, console_a: TestClient
) -> None:
    assert console_a.post("/console/sign-out", follow_redirects=False).status_code == 403
    assert console_a.get("/console/accounts", follow_redirects=False).status_code == 200
    token = csrf_of(console_a.get("/console/accounts").text)
    out = console_a.post("/console/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/console/sign-in"
    assert console_a.get("/console/accounts", follow_redirects=False).status_code == 303


def test_a_tampered_cookie_is_no_session(world: World, console_a: TestClient) -> None:
    value = console_a.cookies.get("zorders_console")
    assert value
    console_a.cookies.clear()
    console_a.cookies.set(
        "zorders_console", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"), path="/console"
    )
    assert console_a.get("/console/accounts", follow_redirects=False).status_code == 303


def test_rotating_the_client_secret_ends_its_sessions(world: World, console_a: TestClient) -> None:
    assert console_a.get("/console/accounts", follow_redirects=False).status_code == 200
    credentials.rotate_secret(world.api.container.uow_factory, world.a["name"])
    assert console_a.get("/console/accounts", follow_redirects=False).status_code == 303


def test_the_admin_token_picks_a_tenant(make_container: Any) -> None:
    from tests.conftest import app_for
    from tests.console.conftest import build_world

    c = make_container(test_mode=True, admin_token="console-admin-token-1")
    with TestClient(app_for(c), raise_server_exceptions=False) as api:
        world = build_world(SandboxApi(c, api))
        with TestClient(api.app, raise_server_exceptions=False) as browser:
            first = browser.get("/console/sign-in")
            wrong = browser.post(
                "/console/sign-in",
                data={"csrf_token": csrf_of(first.text), "admin_token": "nope"},
            )
            assert wrong.status_code == 401
            pick = browser.post(
                "/console/sign-in",
                data={"csrf_token": csrf_of(first.text), "admin_token": "console-admin-token-1"},
            )
            assert pick.status_code == 200
            assert f'<option value="{world.a["name"]}">' in pick.text
            assert f'<option value="{world.b["name"]}">' in pick.text
            done = browser.post(
                "/console/sign-in",
                data={
                    "csrf_token": csrf_of(pick.text),
                    "admin_token": "console-admin-token-1",
                    "tenant": world.b["name"],
                },
                follow_redirects=False,
            )
            assert done.status_code == 303, done.text
            page = browser.get("/console/accounts")
            assert world.b["name"] in page.text
            assert "(admin)" in page.text
            assert "Other Ltd" in page.text
            assert "Acme Corp" not in page.text
