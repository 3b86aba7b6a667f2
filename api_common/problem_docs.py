"""The problem+json answers in the OpenAPI document, so clients and fuzzers know every status.

Routers name the statuses their routes decide on (`problem_responses`); `complete_problems`
adds the ones the shared middleware and handlers may give any operation, puts the one
`Problem` schema in the components, and marks operations that take a bearer token.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from api_common.problems import PROBLEM_MEDIA_TYPE

SCHEMA_NAME = "Problem"
SECURITY_SCHEME = "bearer"
_REF = {"$ref": f"#/components/schemas/{SCHEMA_NAME}"}
_BODY_METHODS = frozenset({"post", "put", "patch"})
# FastAPI documents its own validation error body; ours is a problem like every other error.
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": SCHEMA_NAME,
    "description": "RFC 9457 problem details; `type` names the rule that was broken.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "correlation_id": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "What failed validation, for a 422 about the request's shape.",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
    # Problems carry extension members of their own (current_revision, max_bytes, …).
    "additionalProperties": True,
}

_HEADERS: dict[int, dict[str, str]] = {
    401: {"WWW-Authenticate": "The bearer challenge, with the reason the token was refused."},
    403: {"WWW-Authenticate": "`insufficient_scope` when the caller's role is not admitted."},
    409: {"Retry-After": "Set when a request with the same Idempotency-Key is still running."},
    412: {"ETag": "The stream's current revision."},
    429: {"Retry-After": "Seconds until the next command is admitted."},
    503: {"Retry-After": "Seconds to wait before retrying."},
}


def _response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": HTTPStatus(status).phrase,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": _REF}},
    }
    headers = _HEADERS.get(status)
    if headers:
        response["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in headers.items()
        }
    return response


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """For `responses=` on a router or route: these statuses answer problem+json."""
    return {status: _response(status) for status in statuses}


def complete_problems(
    document: dict[str, Any],
    *,
    every: Iterable[int] = (500,),
    with_body: Iterable[int] = (),
    unsafe: Iterable[int] = (),
) -> None:
    """`every` operation may answer these, operations reading a body `with_body`, and
    POST/PUT/PATCH ones `unsafe`: what the middleware and handlers around the routes decide."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION:
        schemas.pop(name, None)
    schemas[SCHEMA_NAME] = PROBLEM_SCHEMA
    components.setdefault("securitySchemes", {})[SECURITY_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            extra = [*every, *(with_body if "requestBody" in operation else ())]
            extra += unsafe if method in _BODY_METHODS else ()
            responses = operation.setdefault("responses", {})
            if _is_fastapi_validation(responses.get("422")):
                responses["422"] = _response(422)
            for status in extra:
                responses.setdefault(str(status), _response(status))
            # A route that can refuse a token is one that takes a token.
            if "401" in responses:
                operation.setdefault("security", [{SECURITY_SCHEME: []}])


def _is_fastapi_validation(response: dict[str, Any] | None) -> bool:
    schema = (response or {}).get("content", {}).get("application/json", {}).get("schema", {})
    return str(schema.get("$ref", "")).endswith("/" + _FASTAPI_VALIDATION[0])
