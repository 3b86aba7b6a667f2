"""RFC 9457 problem details: one exception type, one response type, and the app's error handlers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

PROBLEM_BASE = "https://dinner.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
_STANDARD_MEMBERS = frozenset({"type", "title", "status", "detail", "instance"})
_MAX_ERRORS = 50
_MAX_TEXT = 200
# RFC 9110 renamed these; Python's HTTPStatus still has the old phrases.
_RFC9110_PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}

log = logging.getLogger(__name__)


def _phrase(status: int) -> str:
    if status in _RFC9110_PHRASES:
        return _RFC9110_PHRASES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _slug(status: int) -> str:
    return _phrase(status).lower().replace(" ", "-").replace("'", "")


class Problem(HTTPException):
    """An error the client should see as problem+json; `code` names the type URI."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        *,
        title: str | None = None,
        detail: str | None = None,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(status, detail or _phrase(status), dict(headers or {}))
        self.status = status
        self.code = code or _slug(status)
        self.title = title or _phrase(status)
        self.problem_detail = detail
        self.extensions = dict(extensions or {})


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem_response(
    status: int,
    *,
    code: str | None = None,
    title: str | None = None,
    detail: str | None = None,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        key: value for key, value in (extensions or {}).items() if key not in _STANDARD_MEMBERS
    }
    body.update(type=PROBLEM_BASE + (code or _slug(status)), title=title or _phrase(status))
    body["status"] = status
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    return ProblemResponse(body, status_code=status, headers=dict(headers or {}))


def _context(request: Request) -> dict[str, Any]:
    """Members every problem from a request carries, so support can find the logs."""
    correlation_id = getattr(request.state, "correlation_id", None)
    return {"correlation_id": correlation_id} if correlation_id else {}


def _with_correlation_header(request: Request, response: Response) -> Response:
    correlation_id = getattr(request.state, "correlation_id", None)
    if correlation_id and "x-correlation-id" not in response.headers:
        response.headers["X-Correlation-ID"] = correlation_id
    return response


async def render_problem(request: Request, exc: Exception) -> Response:
    """The handler for `Problem`; ASGI middleware call it too, as they sit outside the handlers."""
    assert isinstance(exc, Problem)
    return problem_response(
        exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.problem_detail,
        instance=request.url.path,
        headers=exc.headers,
        extensions={**_context(request), **exc.extensions},
    )


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    phrase = _phrase(exc.status_code)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    return problem_response(
        exc.status_code,
        detail=detail,
        instance=request.url.path,
        headers=exc.headers,
        extensions=_context(request),
    )


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "…"


def _public_errors(errors: Any) -> list[dict[str, Any]]:
    """Keep loc, msg and type only: `input` and `ctx` may echo a large or sensitive body."""
    return [
        {
            "loc": [
                _clip(part) if isinstance(part, str) else part for part in error.get("loc", ())
            ],
            "msg": _clip(str(error.get("msg", ""))),
            "type": str(error.get("type", "")),
        }
        for error in list(errors)[:_MAX_ERRORS]
    ]


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    # FastAPI reports an undecodable JSON body as a validation error; keep its 422
    # but give it a type of its own so clients can tell it from a schema mismatch.
    invalid_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
    extensions: dict[str, Any] = {**_context(request), "errors": _public_errors(errors)}
    if len(errors) > _MAX_ERRORS:
        extensions["errors_truncated"] = True
    return problem_response(
        422,
        code="invalid-json" if invalid_json else "validation-error",
        title="Malformed JSON body" if invalid_json else "Request validation failed",
        detail=_clip(str(invalid_json.get("ctx", {}).get("error", ""))) if invalid_json else None,
        instance=request.url.path,
        extensions=extensions,
    )


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.error(
        "unhandled error on %s %s (correlation id %s)",
        request.method,
        request.url.path,
        getattr(request.state, "correlation_id", None),
        exc_info=exc,
    )
    response = problem_response(
        500,
        code="internal-error",
        detail="An unexpected error occurred.",
        instance=request.url.path,
        extensions=_context(request),
    )
    # This handler runs outside the user middleware, so the correlation header is set here.
    return _with_correlation_header(request, response)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, render_problem)
    app.add_exception_handler(HTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
