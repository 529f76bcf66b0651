"""GET /health for load balancers and orchestrators."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from zorders import __version__
from zorders.api.deps import dependencies

router = APIRouter()
log = logging.getLogger("zorders.health")


@router.get("/health", tags=["Operations"], summary="Liveness and database readiness")
def health(request: Request) -> JSONResponse:
    deps = dependencies(request)
    try:
        with deps.uow_factory(read_only=True) as uow:
            uow.tenants.get("")
        database = "up"
    except Exception:
        log.exception("health check: database unreachable")
        database = "down"
    status = "UP" if database == "up" else "DOWN"
    return JSONResponse(
        {
            "status": status,
            "version": __version__,
            "database": {"backend": deps.database_backend, "status": database},
            "testMode": deps.settings.test_mode,
        },
        status_code=200 if status == "UP" else 503,
    )
