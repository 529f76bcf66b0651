"""Composition root: the only place that picks concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import Engine
from starlette.applications import Starlette

from zorders.api.app import create_app
from zorders.api.deps import ApiDependencies, ApiSettings
from zorders.api.v1 import orders as v1_orders
from zorders.console import ConsoleDependencies, create_console
from zorders.gateways.test_gateway import TestGateway
from zorders.services.clock import Clock, SystemClock, TenantClock
from zorders.services.jobs import (
    JobOutcome,
    JobPolicy,
    JobRegistry,
    Worker,
    default_registry,
    run_due_for_tenant,
)
from zorders.services.orders.schedule import schedule_stranded_orders
from zorders.services.orders.upgrade import upgrade_stored_orders
from zorders.services.ports import PaymentGateway, UnitOfWorkFactory
from zorders.settings import Settings
from zorders.storage.db import make_engine
from zorders.storage.migrate import upgrade
from zorders.storage.uow import SqlUnitOfWorkFactory


@dataclass
class Container:
    settings: Settings
    engine: Engine
    uow_factory: UnitOfWorkFactory
    wall_clock: Clock
    # Each tenant's business clock (T1): the wall clock unless test mode froze or moved it.
    tenant_clock: TenantClock

    def api_dependencies(self) -> ApiDependencies:
        return ApiDependencies(
            uow_factory=self.uow_factory,
            wall_clock=self.wall_clock,
            tenant_clock=self.tenant_clock,
            settings=ApiSettings(
                token_ttl_seconds=self.settings.token_ttl_seconds,
                test_mode=self.settings.test_mode,
                admin_token=self.settings.admin_token,
                max_body_bytes=self.settings.max_body_bytes,
            ),
            database_backend=self.engine.dialect.name,
            payment_gateway=self.payment_gateway(),
            run_due=self.run_due,
        )

    def console(self) -> Starlette:
        """The operator console (issue 17), served by the API's process at /console."""
        return create_console(
            ConsoleDependencies(
                uow_factory=self.uow_factory,
                wall_clock=self.wall_clock,
                tenant_clock=self.tenant_clock,
                test_mode=self.settings.test_mode,
                admin_token=self.settings.admin_token,
                run_due=self.run_due,
            )
        )

    def migrate(self) -> None:
        upgrade(self.engine)
        # Data, after the schema: Draft/Scheduled bodies of older versions into commands
        # through the v1 translator, the only dialect that wrote them (K7).
        upgrade_stored_orders(self.uow_factory, v1_orders.create_order)
        # Scheduled orders saved before issue 11 get the job that executes them (SO8).
        schedule_stranded_orders(self.uow_factory)

    def app(
        self, *, lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None
    ) -> FastAPI:
        return create_app(self.api_dependencies(), lifespan=lifespan, console=self.console())

    def payment_gateway(self) -> PaymentGateway:
        # The built-in test gateway is the only one zorders ships.
        return TestGateway()

    def job_registry(self) -> JobRegistry:
        """The shipped job kinds, with the gateway their payments go through."""
        return default_registry(
            payment_gateway=self.payment_gateway(),
            bill_run_batch_size=self.settings.bill_run_batch_size,
            wall_clock=self.wall_clock,
        )

    def job_policy(self) -> JobPolicy:
        s = self.settings
        return JobPolicy(lease_seconds=s.worker_lease_seconds, max_attempts=s.worker_max_attempts)

    def run_due(
        self, uow_factory: UnitOfWorkFactory, tenant_id: str, until: datetime
    ) -> list[JobOutcome]:
        """A tenant's work due up to `until`, run by a clock move before it sets the clock
        (T5, W5)."""
        return run_due_for_tenant(
            uow_factory,
            tenant_id,
            until,
            wall_clock=self.wall_clock,
            registry=self.job_registry(),
            policy=self.job_policy(),
        )

    def worker(self) -> Worker:
        s = self.settings
        return Worker(
            self.uow_factory,
            self.wall_clock,
            registry=self.job_registry(),
            policy=self.job_policy(),
            batch_size=s.worker_batch_size,
            poll_seconds=s.worker_poll_ms / 1000,
        )

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings, *, wall_clock: Clock | None = None) -> Container:
    engine = make_engine(settings.database_url, pool_size=settings.pool_size)
    clock = wall_clock or SystemClock()
    uow_factory = SqlUnitOfWorkFactory(engine)
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=uow_factory,
        wall_clock=clock,
        tenant_clock=TenantClock(clock, uow_factory),
    )
