"""Bulk creation of regions, offices and accounts from a spreadsheet (docs/api.md, "Bulk creation"): the templates
to fill, and the import of a filled one, checked first (``?check=true``) or imported all at once."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from central_contract.imports import FORMATS, ImportKind, ImportReport
from reference_central.routes.dependencies import CentralDep, Who

router = APIRouter()


@router.get("/v1/imports/{kind}/template", tags=["imports"])
def template(
    central: CentralDep, who: Who, kind: ImportKind,
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
) -> Response:
    content = central.import_template(who, kind, format)
    name = f"{kind.value}-template.{format}"
    return Response(content, media_type=FORMATS[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/v1/imports/{kind}", tags=["imports"])
async def import_file(
    central: CentralDep, who: Who, request: Request, kind: ImportKind,
    check: Annotated[bool, Query()] = False,
) -> ImportReport:
    content = await request.body()
    return await run_in_threadpool(central.import_file, who, kind, content, request.headers.get("content-type", ""),
                                   check=check)
