"""Routes that exist only in tests, to exercise the shared middleware end to end."""

from __future__ import annotations

import time
from enum import StrEnum

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from zorders.api.deps import api_version, command_context, dependencies
from zorders.domain.errors import DomainError, ErrorCode
from zorders.domain.numbering import NumberKind
from zorders.domain.versions import ApiVersion
from zorders.services.context import CommandContext
from zorders.services.numbering import next_number

router = APIRouter(prefix="/v1/test")


@router.post("/numbers")
def take_number(
    request: Request,
    sleep: float = 0.0,
    fail: int = 0,
    ctx: CommandContext = Depends(command_context),
) -> dict[str, object]:
    """Takes the next account number: a visible, countable side effect."""
    deps = dependencies(request)
    with deps.uow_factory() as uow:
        number = next_number(uow, ctx.tenant_id, NumberKind.ACCOUNT)
        if sleep:
            time.sleep(sleep)
        uow.commit()
    if fail == 400:
        raise DomainError(ErrorCode.INVALID_VALUE, f"failed after taking {number}", "fail")
    if fail == 500:
        raise RuntimeError(f"internal detail that must not leak {number}")
    return {"success": True, "number": number, "requestId": ctx.request_id}


@router.patch("/numbers")
def take_number_patch(
    request: Request, ctx: CommandContext = Depends(command_context)
) -> dict[str, object]:
    deps = dependencies(request)
    with deps.uow_factory() as uow:
        number = next_number(uow, ctx.tenant_id, NumberKind.ACCOUNT)
        uow.commit()
    return {"success": True, "number": number}


@router.get("/context")
def context(ctx: CommandContext = Depends(command_context)) -> dict[str, object]:
    """The now and today a route's command runs with."""
    return {"now": ctx.now.isoformat(), "today": ctx.today.isoformat(), "zone": ctx.time_zone}


@router.get("/version")
def version(v: ApiVersion = Depends(api_version)) -> dict[str, object]:
    return {"minor": str(v.minor), "raw": v.raw}


class TermType(StrEnum):
    TERMED = "TERMED"
    EVERGREEN = "EVERGREEN"


class EchoBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    termType: TermType
    quantity: int = 1
    padding: int = 0


@router.post("/echo")
def echo(body: EchoBody) -> dict[str, object]:
    return {
        "success": True,
        "name": body.name,
        "termType": body.termType.value,
        "quantity": body.quantity,
        "padding": "x" * body.padding,
    }


@router.get("/boom")
def boom() -> dict[str, object]:
    raise RuntimeError("secret internal detail")
