"""Operation jobs (`GET /v1/operations/jobs/{jobId}`, decision RS3): the account
deletions zorders records as done when it answers them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from zorders.api.deps import command_context, dependencies
from zorders.api.response_keys import complete
from zorders.api.routes import billing_preview
from zorders.api.wire import ZuoraJSONResponse, ZuoraRoute
from zorders.services.account_deletion import operation_job
from zorders.services.context import CommandContext

router = APIRouter(route_class=ZuoraRoute, tags=["Operations"])
# POST /v1/operations/billing-preview lives beside this module.
router.include_router(billing_preview.router)


@router.get("/v1/operations/jobs/{job_id}", summary="Retrieve an operation job")
def get_operation_job(
    job_id: str, request: Request, ctx: CommandContext = Depends(command_context)
) -> ZuoraJSONResponse:
    with dependencies(request).uow_factory(read_only=True) as uow:
        job = operation_job(uow, ctx, job_id)
    result = job.result or {}
    body = {
        "success": True,
        "id": job.id,
        "objectId": result.get("object_id"),
        "objectType": result.get("object_type"),
        "operationType": "Delete",
        "status": "Completed",
    }
    return ZuoraJSONResponse(complete(body, "OperationJobResponse"))
