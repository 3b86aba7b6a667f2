"""Both APIs fuzzed against their own OpenAPI documents, with a valid token of each role.

Every response must be a documented status with a documented content type, headers and
body, and never a 5xx, whether the request was valid or deliberately broken. Every
built-in check of schemathesis runs (positive and negative data, auth probes included).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.schemas import OpenApiSchema

from api_common.auth import ROLES, Role
from tests.fuzz.world import fuzz_target, seeded

EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The apps answer over a real database; slow generation is not what is under test.
    suppress_health_check=list(HealthCheck),
)
BY_ROLE = pytest.mark.parametrize("role", ROLES)
TARGET = fuzz_target()
CONFIG = schemathesis.Config.from_path(Path(__file__).with_name("schemathesis.toml"))


def asgi_schema(app: FastAPI) -> OpenApiSchema:
    """What the app serves at /openapi.json, without starting it, and requests go to it."""
    schema = schemathesis.openapi.from_dict(app.openapi(), config=CONFIG)
    schema.app = app
    return schema


command_api = asgi_schema(TARGET.command_app)
query_api = asgi_schema(TARGET.query_app)


@pytest.fixture(scope="module", autouse=True)
async def seeded_target(pg_pool: asyncpg.Pool) -> AsyncIterator[None]:
    async with seeded(TARGET, pg_pool):
        yield


def exercise(case: schemathesis.Case, data: st.DataObject, role: Role) -> None:
    """Half the valid cases name a seeded resource, so success paths are checked too."""
    if case.meta is None or not case.meta.is_negative_at(ParameterLocation.PATH):
        for name in list(case.path_parameters):
            known = TARGET.known.get(name)
            if known and data.draw(st.booleans(), label=f"known {name}"):
                case.path_parameters[name] = data.draw(st.sampled_from(known), label=name)
    # A case that drops the token on purpose goes without one and must get its 401.
    negated = case.operation.schema.is_security_param_negated(case)
    case.call_and_validate(headers=None if negated else TARGET.auth(role))


@command_api.parametrize()
@command_api.given(data=st.data())
@FUZZ
@BY_ROLE
def test_command_api(case: schemathesis.Case, data: st.DataObject, role: Role) -> None:
    exercise(case, data, role)


@query_api.parametrize()
@query_api.given(data=st.data())
@FUZZ
@BY_ROLE
def test_query_api(case: schemathesis.Case, data: st.DataObject, role: Role) -> None:
    exercise(case, data, role)
