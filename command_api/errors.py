"""How the write side's failures look to a client: problem+json with the right status."""

from __future__ import annotations

import asyncpg
from fastapi import FastAPI, Request
from starlette.responses import Response

from api_common.problems import problem_response
from domain.errors import DomainError
from eventstore.port import StoreUnavailable, WrongExpectedRevision
from service_layer import PreconditionFailed

RETRY_AFTER_SECONDS = "2"
# PostgreSQL unreachable outside the event store's own calls (the privacy key store seals and
# reveals every order command): the same outage, so the same 503, not a 500. Found by
# `dinner chaos` restarting PostgreSQL under load.
DATABASE_UNREACHABLE: tuple[type[Exception], ...] = (
    ConnectionError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    asyncpg.InternalClientError,
)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return problem_response(exc.http_status, code=exc.code, detail=exc.message)


async def _precondition_failed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PreconditionFailed)
    return problem_response(
        412,
        code="revision-mismatch",
        detail=str(exc),
        headers={"ETag": f'"{exc.actual}"'},
        extensions={"current_revision": exc.actual},
    )


async def _conflict(request: Request, exc: Exception) -> Response:
    # Only reached once the bounded retries on version conflicts are used up.
    return problem_response(
        409, code="concurrent-update", detail="The resource kept changing; try again."
    )


async def _unavailable(request: Request, exc: Exception) -> Response:
    return problem_response(
        503,
        code="store-unavailable",
        detail="The event store cannot be reached right now.",
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def install_command_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(PreconditionFailed, _precondition_failed)
    app.add_exception_handler(WrongExpectedRevision, _conflict)
    app.add_exception_handler(StoreUnavailable, _unavailable)
    for error in DATABASE_UNREACHABLE:
        app.add_exception_handler(error, _unavailable)
