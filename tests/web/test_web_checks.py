"""The web app's own checks, from pytest so that `make test` runs them: its unit tests, and
that its API types are those of both APIs as they are now."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.web import WEB

pytestmark = pytest.mark.usefixtures("node_tools")


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=WEB, capture_output=True, text=True, timeout=300, env=env or dict(os.environ)
    )


def test_the_web_unit_tests_pass() -> None:
    done = run("npx", "vitest", "run")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]


def test_the_api_types_are_generated_from_both_apis_as_they_are() -> None:
    """Regenerates both OpenAPI documents and their TypeScript types into a scratch folder and
    compares them with what web/src/lib/api holds: a changed API without `npm run api` fails."""
    dinner = Path(sys.executable).with_name("dinner")
    done = run(
        "node", "scripts/api-types.mjs", "--check", env={**os.environ, "DINNER_CLI": str(dinner)}
    )
    assert done.returncode == 0, done.stdout + done.stderr
