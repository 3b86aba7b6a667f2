"""deploy/rabbitmq/entrypoint.sh: writes the Erlang cookie and the users from the environment,
then hands over to the image's entrypoint without the secrets in its environment.

Run here with a stand-in for the image's entrypoint and for chown, in a temporary directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.support import DEPLOY

SCRIPT = DEPLOY / "rabbitmq" / "entrypoint.sh"
SECRETS = {
    "RABBITMQ_ERLANG_COOKIE": "cookie-0123456789",
    "RABBITMQ_ADMIN_PASSWORD": 'adm"in\\pass',  # quotes and backslashes survive as JSON
    "RABBITMQ_APP_PASSWORD": "app-password",
}


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = bin_dir / "docker-entrypoint.sh"
    stand_in.write_text('#!/bin/sh\necho "args: $*"\nenv\n')
    chown = bin_dir / "chown"
    chown.write_text("#!/bin/sh\nexit 0\n")
    for script in (stand_in, chown):
        script.chmod(0o755)
    (tmp_path / "data").mkdir()
    (tmp_path / "definitions").mkdir()
    return tmp_path


def run(sandbox: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {
        "PATH": f"{sandbox / 'bin'}:{os.environ['PATH']}",
        "RABBITMQ_DATA_DIR": str(sandbox / "data"),
        "DINNER_DEFINITIONS_DIR": str(sandbox / "definitions"),
        **variables,
    }
    command = [shutil.which("sh") or "/bin/sh", str(SCRIPT), "rabbitmq-server"]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=30)


def test_it_writes_the_cookie_and_the_users_then_starts_the_server(sandbox: Path) -> None:
    result = run(sandbox, **SECRETS)
    assert result.returncode == 0, result.stderr
    assert "args: rabbitmq-server" in result.stdout
    for name, value in SECRETS.items():
        assert name not in result.stdout and value not in result.stdout
    cookie = sandbox / "data" / ".erlang.cookie"
    assert cookie.read_text() == SECRETS["RABBITMQ_ERLANG_COOKIE"]
    users_file = sandbox / "definitions" / "10-users.json"
    for path in (cookie, users_file):
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} must be private"
    definitions = json.loads(users_file.read_text())
    passwords = {user["name"]: user["password"] for user in definitions["users"]}
    assert passwords == {
        "dinner": SECRETS["RABBITMQ_APP_PASSWORD"],
        "admin": SECRETS["RABBITMQ_ADMIN_PASSWORD"],
    }
    assert definitions["vhosts"] == [{"name": "/"}]
    assert {p["user"] for p in definitions["permissions"]} == {"dinner", "admin"}
    tags = {user["name"]: user["tags"] for user in definitions["users"]}
    assert tags == {"dinner": "", "admin": "administrator"}


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_it_refuses_to_start_without_a_secret(sandbox: Path, missing: str) -> None:
    variables = {k: v for k, v in SECRETS.items() if k != missing}
    result = run(sandbox, **variables)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "args:" not in result.stdout
