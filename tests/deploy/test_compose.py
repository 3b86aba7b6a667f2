"""deploy/compose.yaml: docker-compose accepts it, and it keeps the promises of the design."""

from __future__ import annotations

import re
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.support import COMPOSE_FILE, DEPLOY, load_yaml, tool

APP_ENV_EXAMPLE = DEPLOY / ".env.example"
RABBITMQ_ENV_EXAMPLE = DEPLOY / "rabbitmq.env.example"
APP_SERVICES = {
    "migrate",
    "command-api",
    "query-api",
    "relay",
    "projector",
    "notifications",
    "ai-worker",
}
RABBITMQ_NODES = ("rabbitmq-1", "rabbitmq-2", "rabbitmq-3")
LONG_RUNNING_RESTART = {"always", "unless-stopped"}


def env_keys(path: Path) -> list[str]:
    """The variables an env file sets (commented-out examples are not set)."""
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]


def generated_env(path: Path, template: Path) -> Path:
    """An env file with the template's variables, each secret with a fresh random value."""
    values = {key: secrets.token_hex(16) for key in env_keys(template)}
    if "SITE_ADDRESS" in values:
        values["SITE_ADDRESS"] = ":80"
    path.write_text("".join(f"{key}={value}\n" for key, value in values.items()))
    return path


def compose_config(app_env: Path, rabbitmq_env: Path) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` as CI sees it: only these env files, nothing from the shell."""
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(app_env.parent),
        "DINNER_ENV_FILE": str(app_env),
        "RABBITMQ_ENV_FILE": str(rabbitmq_env),
    }
    command = [tool("docker-compose"), "--file", str(COMPOSE_FILE)]
    command += ["--env-file", str(app_env), "config"]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)


@pytest.fixture(scope="module")
def env_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("compose-env")
    app = generated_env(folder / "app.env", APP_ENV_EXAMPLE)
    rabbitmq = generated_env(folder / "rabbitmq.env", RABBITMQ_ENV_EXAMPLE)
    return app, rabbitmq


@pytest.fixture(scope="module")
def rendered(env_files: tuple[Path, Path]) -> dict[str, Any]:
    result = compose_config(*env_files)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = yaml.safe_load(result.stdout)
    return document


@pytest.fixture(scope="module")
def services(rendered: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = rendered["services"]
    return found


def mounts(service: dict[str, Any]) -> dict[str, str]:
    """Mount target -> source, from the long or the short syntax (compose v2 or v1 output)."""
    found = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            found[volume["target"]] = volume["source"]
        else:
            source, target, *_ = volume.split(":")
            found[target] = source
    return found


def published(service: dict[str, Any]) -> list[tuple[str | None, int]]:
    """(host address or None for all, container port) of each published port."""
    found: list[tuple[str | None, int]] = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            found.append((port.get("host_ip"), int(port["target"])))
        else:
            parts = port.split("/")[0].split(":")
            found.append((parts[0] if len(parts) == 3 else None, int(parts[-1])))
    return found


def env_values(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return dict(pairs)


def test_docker_compose_accepts_the_file_with_the_committed_examples() -> None:
    result = compose_config(APP_ENV_EXAMPLE, RABBITMQ_ENV_EXAMPLE)
    assert result.returncode == 0, result.stderr


def test_a_missing_secret_stops_compose_with_its_name(tmp_path: Path) -> None:
    app = generated_env(tmp_path / "app.env", APP_ENV_EXAMPLE)
    app.write_text(
        "".join(
            f"{line}\n"
            for line in app.read_text().splitlines()
            if not line.startswith("POSTGRES_PASSWORD=")
        )
    )
    rabbitmq = generated_env(tmp_path / "rabbitmq.env", RABBITMQ_ENV_EXAMPLE)
    result = compose_config(app, rabbitmq)
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_every_service_has_a_restart_policy_and_long_running_ones_a_health_check(
    services: dict[str, Any],
) -> None:
    for name, service in services.items():
        assert "restart" in service, f"{name} has no restart policy"
        if name == "migrate":
            assert service["restart"] == "no", "migrate is a one-shot job"
            continue
        assert service["restart"] in LONG_RUNNING_RESTART, name
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_the_application_waits_for_the_one_shot_migration(services: dict[str, Any]) -> None:
    # The web app is built too, but needs no database: it does not wait for the migration.
    assert {name for name, s in services.items() if "build" in s} == APP_SERVICES | {"web"}
    migrate = services["migrate"]
    assert "dinner db migrate" in " ".join(migrate["command"])
    assert "dinner menu seed" in " ".join(migrate["command"])
    for name in APP_SERVICES - {"migrate"}:
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name
    needs = migrate["depends_on"]
    for dependency in ("kurrentdb", "postgres", *RABBITMQ_NODES):
        assert needs[dependency]["condition"] == "service_healthy", dependency


def test_the_processes_run_with_production_settings_and_the_generated_secrets(
    services: dict[str, Any], env_files: tuple[Path, Path]
) -> None:
    app_env, rabbitmq_env = (env_values(path) for path in env_files)
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["ENVIRONMENT"] == "production", name
        assert environment["JWT_SECRET"] == app_env["JWT_SECRET"], name
        assert f":{app_env['POSTGRES_PASSWORD']}@postgres:5432/" in environment["DATABASE_URL"]
        assert f":{app_env['RABBITMQ_PASSWORD']}@rabbitmq:5672/" in environment["RABBITMQ_URL"]
        assert f":{app_env['REDIS_PASSWORD']}@redis:6379/" in environment["REDIS_URL"]
        assert environment["EVENT_STORE_URL"].startswith("kurrentdb://kurrentdb:2113")
        # The broker's cluster secrets stay with the broker.
        assert not set(rabbitmq_env) & set(environment), name
    for node in RABBITMQ_NODES:
        environment = services[node]["environment"]
        assert environment["RABBITMQ_ERLANG_COOKIE"] == rabbitmq_env["RABBITMQ_ERLANG_COOKIE"]
        assert environment["RABBITMQ_APP_PASSWORD"] == app_env["RABBITMQ_PASSWORD"]
        assert "JWT_SECRET" not in environment


def test_the_api_processes_listen_where_caddy_and_the_health_checks_look(
    services: dict[str, Any],
) -> None:
    for name, port in (("command-api", "8000"), ("query-api", "8002")):
        command = services[name]["command"]
        assert command[:1] == [name] and ["--host", "0.0.0.0"] == command[1:3], name
        assert command[command.index("--port") + 1] == port
        assert f"http://127.0.0.1:{port}/ready" in services[name]["healthcheck"]["test"]
    assert "http://127.0.0.1:8001/health" in services["ai-worker"]["healthcheck"]["test"]


def test_the_event_store_and_the_databases_keep_their_data_on_volumes(
    rendered: dict[str, Any], services: dict[str, Any]
) -> None:
    def targets(service: str) -> dict[str, str]:
        return {t: s for t, s in mounts(services[service]).items() if not s.startswith("/")}

    assert "/var/lib/kurrentdb" in targets("kurrentdb")
    assert "/var/lib/postgresql/data" in targets("postgres")
    assert "/data" in targets("redis")
    for node in RABBITMQ_NODES:
        assert "/var/lib/rabbitmq" in targets(node)
    assert "/var/lib/dinner/models" in targets("ai-worker")
    named = {source for name in services for source in targets(name).values()}
    assert named <= set(rendered["volumes"])
    assert services["postgres"]["image"].startswith("postgres:17")
    assert services["redis"]["image"].startswith("redis:7")
    assert "--appendonly yes" in " ".join(services["redis"]["command"])
    assert services["kurrentdb"]["image"].startswith("docker.kurrent.io/kurrent-latest/kurrentdb:")


def test_the_ai_worker_reserves_a_gpu_and_runs_the_ai_image(services: dict[str, Any]) -> None:
    worker = services["ai-worker"]
    (device,) = worker["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]
    assert worker["build"]["target"] == "ai-worker"
    assert worker["environment"]["AI_DEVICE"] == "cuda"
    assert {s["build"]["target"] for n, s in services.items() if n in APP_SERVICES} == {
        "app",
        "ai-worker",
    }


def test_two_relays_run_and_only_caddy_is_public(services: dict[str, Any]) -> None:
    assert services["relay"]["deploy"]["replicas"] == 2
    for name, service in services.items():
        for host, _ in published(service):
            if name != "caddy":
                assert host == "127.0.0.1", f"{name} is published beyond the loopback interface"
    assert {port for _, port in published(services["caddy"])} == {80, 443}


def test_three_rabbitmq_nodes_form_one_cluster_and_import_the_topology(
    services: dict[str, Any],
) -> None:
    conf = (DEPLOY / "rabbitmq" / "rabbitmq.conf").read_text()
    settings = dict(
        line.split(" = ", 1) for line in conf.splitlines() if line and not line.startswith("#")
    )
    listed = {v for k, v in settings.items() if k.startswith("cluster_formation.classic_config")}
    assert settings["cluster_formation.peer_discovery_backend"] == "classic_config"
    assert settings["cluster_formation.target_cluster_size_hint"] == "3"
    assert settings["definitions.import_backend"] == "local_filesystem"
    assert "definitions.skip_if_unchanged" not in settings
    definitions_dir = settings["definitions.local.path"]
    for node in RABBITMQ_NODES:
        service = services[node]
        assert service["hostname"] == node
        assert service["environment"]["RABBITMQ_NODENAME"] in listed
        bound = mounts(service)
        topology = bound[f"{definitions_dir}/20-topology.json"]
        assert Path(topology) == DEPLOY / "rabbitmq" / "definitions.json"
        assert Path(bound["/etc/rabbitmq/rabbitmq.conf"]) == DEPLOY / "rabbitmq" / "rabbitmq.conf"
        assert "rabbitmq" in service["networks"]["default"]["aliases"]
    assert len(listed) == len(RABBITMQ_NODES)


def test_no_secret_is_written_into_the_compose_file() -> None:
    """Secret-looking settings are `${…}` from the env files, never literal values."""
    raw = load_yaml(COMPOSE_FILE)
    secret_name = re.compile(r"PASSWORD|SECRET|COOKIE|TOKEN|REDISCLI_AUTH")
    url_with_password = re.compile(r"://[^:/@\s]*:([^@\s]+)@")

    def walk(node: Any) -> list[tuple[str, str]]:
        if isinstance(node, dict):
            found = [(str(k), v) for k, v in node.items() if isinstance(v, str)]
            return found + [pair for value in node.values() for pair in walk(value)]
        if isinstance(node, list):
            return [pair for item in node for pair in walk(item)]
        return []

    for key, value in walk(raw):
        if secret_name.search(key):
            assert value.startswith("${") and value.endswith("}"), key
        for password in url_with_password.findall(value):
            assert password.startswith("${"), f"{key} has a literal password in a URL"
