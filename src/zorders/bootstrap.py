"""Composition root: the only place that picks concrete adapters."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy import Engine

from zorders.api.app import create_app
from zorders.api.deps import ApiDependencies, ApiSettings
from zorders.api.v1 import orders as v1_orders
from zorders.gateways.test_gateway import TestGateway
from zorders.services.clock import Clock, SystemClock
from zorders.services.jobs import JobPolicy, Worker
from zorders.services.orders.upgrade import upgrade_stored_orders
from zorders.services.ports import UnitOfWorkFactory
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
    business_clock: Clock

    def api_dependencies(self) -> ApiDependencies:
        return ApiDependencies(
            uow_factory=self.uow_factory,
            wall_clock=self.wall_clock,
            business_clock=self.business_clock,
            settings=ApiSettings(
                token_ttl_seconds=self.settings.token_ttl_seconds,
                test_mode=self.settings.test_mode,
                max_body_bytes=self.settings.max_body_bytes,
            ),
            database_backend=self.engine.dialect.name,
            # The built-in test gateway is the only one zorders ships.
            payment_gateway=TestGateway(),
        )

    def migrate(self) -> None:
        upgrade(self.engine)
        # Data, after the schema: Draft/Scheduled bodies of older versions into commands
        # through the v1 translator, the only dialect that wrote them (K7).
        upgrade_stored_orders(self.uow_factory, v1_orders.create_order)

    def app(
        self, *, lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None
    ) -> FastAPI:
        return create_app(self.api_dependencies(), lifespan=lifespan)

    def worker(self) -> Worker:
        s = self.settings
        return Worker(
            self.uow_factory,
            self.wall_clock,
            policy=JobPolicy(
                lease_seconds=s.worker_lease_seconds, max_attempts=s.worker_max_attempts
            ),
            batch_size=s.worker_batch_size,
            poll_seconds=s.worker_poll_ms / 1000,
        )

    def close(self) -> None:
        self.engine.dispose()


def build(settings: Settings, *, wall_clock: Clock | None = None) -> Container:
    engine = make_engine(settings.database_url)
    clock = wall_clock or SystemClock()
    return Container(
        settings=settings,
        engine=engine,
        uow_factory=SqlUnitOfWorkFactory(engine),
        wall_clock=clock,
        # Tenant clocks that test mode can move arrive with the scheduler; until then
        # every tenant's business day is the wall clock's.
        business_clock=clock,
    )
