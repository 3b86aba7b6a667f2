"""Nothing secret is committed under deploy/: the templates hold placeholders only, and the files
with real values are ignored by git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.deploy.support import DEPLOY, ROOT, load_all_yaml

PLACEHOLDER = re.compile(r"change-me|example\.(com|internal)|^$")
ENV_TEMPLATES = (DEPLOY / ".env.example", DEPLOY / "rabbitmq.env.example")
# Values that are settings, not secrets, in the env templates.
NOT_SECRET = {"SITE_ADDRESS"}
SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "certificate": re.compile(r"-----BEGIN CERTIFICATE-----"),
    "JSON web token": re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "URL with a password": re.compile(
        r"\b[a-z][a-z0-9+.-]*://[^\s:/@$]+:(?!\$|<|change-me)[^\s@/$(]+@"
    ),
    "long random value": re.compile(
        r"(?<![A-Za-z0-9+/_-])(?!change-me)(?=[A-Za-z0-9+/_-]*\d)"
        r"(?=[A-Za-z0-9+/_-]*[a-zA-Z])[A-Za-z0-9+/_-]{40,}={0,2}"
    ),
}


def committed_files() -> list[Path]:
    """Files under deploy/ that git would commit: tracked, or new and not ignored."""
    result = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "deploy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [ROOT / line for line in result.stdout.splitlines() if (ROOT / line).is_file()]


def test_the_real_env_files_are_ignored_by_git() -> None:
    for name in (".env", "rabbitmq.env"):
        path = DEPLOY / name
        result = subprocess.run(["git", "check-ignore", "--quiet", str(path)], cwd=ROOT)
        assert result.returncode == 0, f"{path} must be ignored by git"
    names = {path.name for path in committed_files()}
    assert ".env.example" in names and "rabbitmq.env.example" in names


@pytest.mark.parametrize("template", ENV_TEMPLATES, ids=lambda path: path.name)
def test_env_templates_hold_placeholders_only(template: Path) -> None:
    for number, line in enumerate(template.read_text().splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        if key not in NOT_SECRET:
            assert PLACEHOLDER.search(value), (
                f"{template.name}:{number}: {key} is not a placeholder"
            )


def test_the_example_secret_holds_placeholders_only() -> None:
    (secret,) = load_all_yaml(DEPLOY / "k8s" / "secret.example.yaml")
    assert "data" not in secret, "base64 data would hide what is in it"
    for key, value in secret["stringData"].items():
        assert PLACEHOLDER.search(value), f"{key} is not a placeholder"


def test_no_committed_file_contains_something_that_looks_secret() -> None:
    files = committed_files()
    assert DEPLOY / "compose.yaml" in files
    for path in files:
        if path.suffix in {".png", ".jpg", ".gz"}:
            continue
        text = path.read_text()
        for what, pattern in SECRET_PATTERNS.items():
            match = pattern.search(text)
            assert match is None, f"{path.relative_to(ROOT)}: {what}: {match and match.group()}"


def test_the_secret_patterns_find_what_they_look_for() -> None:
    samples = {
        "private key": "-----BEGIN RSA PRIVATE KEY-----",
        "URL with a password": "DATABASE_URL=postgresql://dinner:s3cr3tpass@db:5432/dinner",
        "long random value": "JWT_SECRET=9f2c4e6a8b0d1f3e5c7a9b1d3f5e7c9a1b3d5f7e9c1a",
        "JSON web token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl",
    }
    for what, sample in samples.items():
        assert SECRET_PATTERNS[what].search(sample), what
    harmless = "amqp://$(RABBITMQ_USERNAME):$(RABBITMQ_PASSWORD)@rabbitmq:5672/"
    assert not SECRET_PATTERNS["URL with a password"].search(harmless)
