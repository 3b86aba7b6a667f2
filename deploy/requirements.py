"""Prints the project's pinned dependencies from pyproject.toml, one per line, for
`pip install --requirement` in deploy/Dockerfile: the dependency layer then changes only when
pyproject.toml does, not with every change of code.

    python deploy/requirements.py          the runtime dependencies
    python deploy/requirements.py ai       those and the `ai` extra's
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path("pyproject.toml")


def requirements(pyproject: Path, extras: list[str]) -> list[str]:
    project = tomllib.loads(pyproject.read_text())["project"]
    optional: dict[str, list[str]] = project.get("optional-dependencies", {})
    missing = [extra for extra in extras if extra not in optional]
    if missing:
        raise SystemExit(f"{pyproject} has no extra named {', '.join(missing)}")
    return [*project["dependencies"], *(d for extra in extras for d in optional[extra])]


if __name__ == "__main__":
    sys.stdout.write("".join(f"{line}\n" for line in requirements(PYPROJECT, sys.argv[1:])))
