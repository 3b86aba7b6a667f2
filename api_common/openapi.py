"""The OpenAPI document as each API serves it: FastAPI's, completed where it falls short."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI

from api_common.problem_docs import complete_problems

_NULL = {"type": "null"}


def customise_openapi(
    app: FastAPI, *, with_body: Iterable[int] = (), unsafe: Iterable[int] = ()
) -> None:
    """Wraps `app.openapi`; see `complete_problems` for `with_body` and `unsafe`."""
    generate: Callable[[], dict[str, Any]] = app.openapi
    body_statuses, unsafe_statuses = tuple(with_body), tuple(unsafe)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            complete_problems(document, with_body=body_statuses, unsafe=unsafe_statuses)
            plain_optional_parameters(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def plain_optional_parameters(document: dict[str, Any]) -> None:
    """`X | None` parameters become plain `X`: a query string or header has no null, and an
    optional one that is left out is how a client says "none". FastAPI documents them as
    `anyOf [X, null]`, which tells clients that the text `null` is a value."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", ()):
                schema = parameter.get("schema", {})
                variants = schema.get("anyOf")
                if parameter.get("required") or not variants or _NULL not in variants:
                    continue
                rest = [variant for variant in variants if variant != _NULL]
                if len(rest) == 1:
                    del schema["anyOf"]
                    schema.update(rest[0])
