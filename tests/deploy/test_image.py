"""deploy/Dockerfile: the stages compose.yaml and k8s/ use, an unprivileged user, every package
of pyproject.toml copied in, and a build context that lets the copies through; and every
`dinner` command line the deployment runs is one the CLI accepts."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app
from tests.deploy.support import COMPOSE_FILE, DEPLOY, K8S, ROOT, load_all_yaml, load_yaml

DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = DEPLOY / "Dockerfile.dockerignore"
FROM = re.compile(r"^FROM\s+(?:--\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)


def instructions() -> list[tuple[str, str]]:
    """(instruction, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = (line.strip() for line in text.splitlines())
    pairs = (line.split(None, 1) for line in lines if line and not line.startswith("#"))
    return [(pair[0].upper(), pair[1] if len(pair) > 1 else "") for pair in pairs]


def stages() -> dict[str, list[tuple[str, str]]]:
    """Each stage's instructions after its FROM, by stage name."""
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for instruction, arguments in instructions():
        if instruction == "FROM":
            match = FROM.match(f"FROM {arguments}")
            assert match and match.group(2), f"unnamed stage: FROM {arguments}"
            current = [("FROM", match.group(1))]
            found[match.group(2)] = current
        else:
            current.append((instruction, arguments))
    return found


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_compose_and_kubernetes_build_or_run_stages_that_exist() -> None:
    names = list(stages())
    assert names[-1] == "app", "a plain `docker build` must give the application image"
    targets = {
        s["build"]["target"]
        for s in load_yaml(COMPOSE_FILE)["services"].values()
        if isinstance(s, dict) and "build" in s and s["build"]["dockerfile"] == "deploy/Dockerfile"
    }
    assert targets == {"app", "ai-worker"}
    assert targets <= set(names)


@pytest.mark.parametrize("stage", ["app", "ai-worker"])
def test_the_images_run_as_an_unprivileged_user(stage: str) -> None:
    steps = stages()[stage]
    users = [arguments for instruction, arguments in steps if instruction == "USER"]
    assert users == ["10001:10001"]
    assert steps[0] == ("FROM", "runtime")
    runtime = stages()["runtime"]
    assert ("ENTRYPOINT", '["dinner"]') in runtime
    assert any("useradd --system --uid 10001" in args for step, args in runtime if step == "RUN")


# Tooling for a checkout: installed for development, never shipped.
CHECKOUT_ONLY = {"harness", "bench"}


def test_every_product_package_of_pyproject_is_copied_into_the_image() -> None:
    includes = pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {pattern.rstrip("*") for pattern in includes}
    copied = {args.split()[0] for step, args in stages()["source"] if step == "COPY"}
    assert CHECKOUT_ONLY <= packages
    assert copied == (packages - CHECKOUT_ONLY) | {"pyproject.toml"}
    assert all((ROOT / package).is_dir() for package in packages)


def test_the_build_context_admits_what_the_dockerfile_copies() -> None:
    rules = [line for line in DOCKERIGNORE.read_text().splitlines() if line.strip()]
    assert rules[rules.index("*") + 1 :], "everything is excluded first, then admitted by name"
    admitted = {rule[1:].rstrip("/") for rule in rules if rule.startswith("!")}
    for instruction, arguments in instructions():
        if instruction == "COPY" and not arguments.startswith("--from"):
            *sources, _ = arguments.split()
            for source in sources:
                assert source in admitted, f"{source} is kept out of the build context"
                assert (ROOT / source).exists(), source


def test_the_health_check_is_installed_where_the_deployment_calls_it() -> None:
    copies = [args for step, args in stages()["runtime"] if step == "COPY"]
    assert "deploy/healthcheck.py /usr/local/bin/dinner-healthcheck" in copies
    assert "dinner-healthcheck" in COMPOSE_FILE.read_text()


def requirements(*extras: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(DEPLOY / "requirements.py"), *extras]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)


def test_the_dependency_layer_installs_exactly_the_pinned_dependencies() -> None:
    project = pyproject()["project"]
    assert requirements().stdout.splitlines() == project["dependencies"]
    with_dev = requirements("dev").stdout.splitlines()
    assert with_dev == project["dependencies"] + project["optional-dependencies"]["dev"]
    missing = requirements("no-such-extra")
    assert missing.returncode != 0 and "no-such-extra" in missing.stderr


def deployed_command_lines() -> list[list[str]]:
    """Every `dinner …` command line that compose.yaml and the k8s manifests run."""
    lines: list[list[str]] = []
    for service in load_yaml(COMPOSE_FILE)["services"].values():
        command = service.get("command")
        if service.get("entrypoint") == ["/bin/sh", "-c"]:
            lines += [part.split()[1:] for part in command[0].split("&&")]
        elif "build" in service and service["build"]["dockerfile"] == "deploy/Dockerfile":
            lines.append(command)
    for path in K8S.glob("*.yaml"):
        for resource in load_all_yaml(path):
            template = resource.get("spec", {}).get("template", {})
            for container in template.get("spec", {}).get("containers", []):
                if container.get("image") not in {"dinner", "dinner-ai"}:
                    continue
                if container.get("command") == ["/bin/sh", "-c"]:
                    script = container["args"][0]
                    lines += [part.split()[1:] for part in script.split("&&")]
                else:
                    lines.append(container["args"])
    return lines


def test_the_cli_accepts_every_command_line_the_deployment_runs() -> None:
    lines = deployed_command_lines()
    assert ["relay"] in lines and ["projections", "run"] in lines and ["ai-worker"] in lines
    runner = CliRunner()
    for line in lines:
        result = runner.invoke(app, [*line, "--help"])
        assert result.exit_code == 0, f"dinner {' '.join(line)}: {result.output}"
