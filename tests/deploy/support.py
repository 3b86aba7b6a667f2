"""Paths and helpers shared by the deployment checks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE_FILE = DEPLOY / "compose.yaml"
CADDYFILE = DEPLOY / "Caddyfile"
INSTALL_TOOLS = "bash scripts/tools.sh"


def tool(name: str) -> str:
    """The path of a command-line tool that scripts/tools.sh installs.

    CI must have it, so there its absence fails the test; elsewhere the test is skipped.
    """
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed; run `{INSTALL_TOOLS}`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def load_all_yaml(path: Path) -> list[dict[str, Any]]:
    return [document for document in yaml.safe_load_all(path.read_text()) if document]
