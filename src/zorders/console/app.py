"""The console's ASGI application: routes, the session guard, rendering and errors.

Pages are sync functions of a `Viewer` (run in the thread pool, one read-only unit of
work each) returning the values their template shows; actions are the same behind a
CSRF check. Errors are pages, not the API's envelopes: an object the tenant does not
have is a 404 whether it exists elsewhere or not."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from zorders.console import pages
from zorders.console.deps import ConsoleDependencies
from zorders.console.rendering import make_environment, render
from zorders.console.session import (
    CSRF_FIELD,
    FormTooLarge,
    Session,
    Sessions,
    anonymous,
    csrf_ok,
    read_form,
    signed_in,
)
from zorders.console.viewer import Viewer, context_for
from zorders.domain.errors import DomainError
from zorders.services import console_auth

PageFn = Callable[[Viewer, Request], dict[str, Any]]
ActionFn = Callable[[Viewer, Request, dict[str, str]], dict[str, Any] | str]


class SignInRequired(Exception):
    pass


class Console:
    def __init__(self, deps: ConsoleDependencies) -> None:
        self.deps = deps
        self.env = make_environment()
        self._sessions: Sessions | None = None
        self._key: str | None = None
        self._lock = threading.Lock()

    # -- sessions -------------------------------------------------------------------

    def key(self) -> str:
        with self._lock:
            if self._key is None:
                self._key = console_auth.session_key(self.deps.uow_factory, self.deps.wall_clock)
                self._sessions = Sessions(self._key, self.deps.session_seconds)
            return self._key

    def sessions(self) -> Sessions:
        self.key()
        assert self._sessions is not None
        return self._sessions

    def session_of(self, request: Request) -> Session:
        return self.sessions().read(request)

    def viewer_of(self, session: Session) -> Viewer | None:
        if session.sign_in is None:
            return None
        tenant = console_auth.session_tenant(
            self.deps.uow_factory, self.key(), self.deps.admin_token, session.sign_in
        )
        if tenant is None:
            return None
        return Viewer(session, tenant, context_for(tenant, self.deps.tenant_clock), self.deps)

    # -- responses ------------------------------------------------------------------

    def page(
        self,
        request: Request,
        template: str,
        values: dict[str, Any],
        *,
        session: Session,
        viewer: Viewer | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        base = {
            "url": lambda path="": f"{request.scope.get('root_path', '')}{path}",
            "csrf_field": CSRF_FIELD,
            "csrf": session.csrf,
            "viewer": viewer,
            "test_mode": self.deps.test_mode,
            "request_path": request.url.path,
            "title": "zorders",
        }
        html = render(self.env, template, {**base, **values})
        response = HTMLResponse(html, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if session.fresh:
            self.sessions().write(request, response, session)
        return response

    def not_found(self, request: Request, session: Session, viewer: Viewer | None) -> Response:
        return self.page(
            request,
            "error.html",
            {"title": "Not found", "message": "There is no such page in this tenant."},
            session=session,
            viewer=viewer,
            status=404,
        )

    def to_sign_in(self, request: Request) -> Response:
        root = request.scope.get("root_path", "")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):
            response: Response = Response(status_code=401)
            response.headers["HX-Redirect"] = f"{root}/sign-in"
            return response
        return RedirectResponse(f"{root}/sign-in?next={quote(target)}", status_code=303)

    # -- handlers -------------------------------------------------------------------

    def view(self, template: str, fn: PageFn) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            session = self.session_of(request)
            viewer = await run_in_threadpool(self.viewer_of, session)
            if viewer is None:
                return self.to_sign_in(request)
            try:
                values = await run_in_threadpool(fn, viewer, request)
            except DomainError as err:
                if err.code.value.endswith("NOT_FOUND"):
                    return self.not_found(request, session, viewer)
                return self.page(
                    request,
                    "error.html",
                    {"title": "Refused", "message": _message(err)},
                    session=session,
                    viewer=viewer,
                    status=400,
                )
            chosen = values.pop("template", template)
            return self.page(request, chosen, values, session=session, viewer=viewer)

        return endpoint

    def action(self, template: str, fn: ActionFn) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            session = self.session_of(request)
            try:
                form = await read_form(request)
            except FormTooLarge:
                return self.refused(request, session, "The form is too large.", 413)
            if not csrf_ok(request, session, form):
                return self.refused(request, session, "The form's CSRF token is missing.", 403)
            viewer = await run_in_threadpool(self.viewer_of, session)
            if viewer is None:
                return self.to_sign_in(request)
            try:
                values = await run_in_threadpool(fn, viewer, request, form)
            except DomainError as err:
                if err.code.value.endswith("NOT_FOUND"):
                    return self.not_found(request, session, viewer)
                return self.page(
                    request,
                    "error.html",
                    {"title": "Refused", "message": _message(err)},
                    session=session,
                    viewer=viewer,
                    status=400,
                )
            if isinstance(values, str):
                return RedirectResponse(values, status_code=303)
            # What the action changed (the tenant's clock) shows in the page's header too.
            viewer = await run_in_threadpool(self.viewer_of, session) or viewer
            status = values.pop("status", 200)
            chosen = values.pop("template", template)
            return self.page(request, chosen, values, session=session, viewer=viewer, status=status)

        return endpoint

    def refused(self, request: Request, session: Session, message: str, status: int) -> Response:
        return self.page(
            request,
            "error.html",
            {"title": "Refused", "message": message},
            session=session,
            status=status,
        )

    # -- signing in and out -----------------------------------------------------------

    async def sign_in_form(self, request: Request) -> Response:
        session = self.session_of(request)
        return self.page(
            request,
            "sign_in.html",
            {"next": _safe_next(request.query_params.get("next")), "error": None, "form": {}},
            session=session,
        )

    async def sign_in(self, request: Request) -> Response:
        session = self.session_of(request)
        try:
            form = await read_form(request)
        except FormTooLarge:
            return self.refused(request, session, "The form is too large.", 413)
        if not csrf_ok(request, session, form):
            return self.refused(request, session, "The form's CSRF token is missing.", 403)
        source = request.client.host if request.client else None
        values: dict[str, Any] = {"next": _safe_next(form.get("next")), "form": form}
        try:
            outcome = await run_in_threadpool(self._sign_in, form, source)
        except DomainError as err:
            values["error"] = _message(err)
            return self.page(request, "sign_in.html", values, session=session, status=401)
        if isinstance(outcome, list):  # the admin token is right: which tenant?
            values.update(error=None, tenants=outcome)
            return self.page(request, "sign_in.html", values, session=session)
        root = request.scope.get("root_path", "")
        response = RedirectResponse(values["next"] or f"{root}/accounts", status_code=303)
        self.sessions().write(request, response, signed_in(outcome))
        return response

    def _sign_in(
        self, form: dict[str, str], source: str | None
    ) -> console_auth.ConsoleSignIn | list[str]:
        d = self.deps
        admin_token = form.get("admin_token", "")
        if admin_token:
            tenant = form.get("tenant", "").strip()
            if not tenant:
                console_auth.check_admin_token(
                    d.uow_factory, d.wall_clock, d.admin_token, admin_token, source=source
                )
                return pages.tenant_names(d.uow_factory)
            return console_auth.sign_in_admin(
                d.uow_factory,
                d.wall_clock,
                self.key(),
                d.admin_token,
                given=admin_token,
                tenant_name=tenant,
                source=source,
            )
        return console_auth.sign_in_client(
            d.uow_factory,
            d.wall_clock,
            self.key(),
            client_id=form.get("client_id", "").strip(),
            client_secret=form.get("client_secret", ""),
            source=source,
        )

    async def sign_out(self, request: Request) -> Response:
        session = self.session_of(request)
        try:
            form = await read_form(request)
        except FormTooLarge:
            return self.refused(request, session, "The form is too large.", 413)
        if not csrf_ok(request, session, form):
            return self.refused(request, session, "The form's CSRF token is missing.", 403)
        root = request.scope.get("root_path", "")
        response = RedirectResponse(f"{root}/sign-in", status_code=303)
        self.sessions().write(request, response, anonymous())
        return response

    async def home(self, request: Request) -> Response:
        root = request.scope.get("root_path", "")
        return RedirectResponse(f"{root}/accounts", status_code=303)

    async def unknown(self, request: Request) -> Response:
        session = self.session_of(request)
        viewer = await run_in_threadpool(self.viewer_of, session)
        if viewer is None:
            return self.to_sign_in(request)
        return self.not_found(request, session, viewer)


def _message(err: DomainError) -> str:
    return f"{err.field}: {err.message}" if getattr(err, "field", None) else err.message


def _safe_next(value: str | None) -> str:
    """Only a path of this site: never another host (an open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    return value


def create_console(deps: ConsoleDependencies) -> Starlette:
    c = Console(deps)
    routes = [
        Route("/", c.home),
        Route("/sign-in", c.sign_in_form, methods=["GET"]),
        Route("/sign-in", c.sign_in, methods=["POST"]),
        Route("/sign-out", c.sign_out, methods=["POST"]),
        Route("/accounts", c.view("accounts.html", pages.accounts_page)),
        Route("/accounts/{number}", c.view("account.html", pages.account_page)),
        Route("/subscriptions/{number}", c.view("subscription.html", pages.subscription_page)),
        Route(
            "/subscriptions/{number}/versions/{version:int}",
            c.view("_version.html", pages.version_fragment),
        ),
        Route("/orders/{number}", c.view("order.html", pages.order_page)),
        Route("/invoices/{number}", c.view("document.html", pages.invoice_page)),
        Route("/credit-memos/{number}", c.view("document.html", pages.credit_memo_page)),
        Route("/payments/{number}", c.view("payment.html", pages.payment_page)),
        Route("/catalog", c.view("catalog.html", pages.catalog_page)),
        Route("/clock", c.view("clock.html", pages.clock_page), methods=["GET"]),
        Route("/clock", c.action("clock.html", pages.advance_clock), methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("zorders.console", "static")]), name="static"),
        Route("/{rest:path}", c.unknown),
    ]

    async def server_error(request: Request, exc: Exception) -> Response:
        # A bug: logged with its traceback by Starlette's error middleware; a page here.
        return HTMLResponse(
            "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
            "<p>The console could not show this page.</p>",
            status_code=500,
        )

    app = Starlette(routes=routes, exception_handlers={Exception: server_error})
    app.state.console = c
    return app
