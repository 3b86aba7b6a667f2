"""deploy/Caddyfile: Caddy accepts it, and a running Caddy sends writes to the command API,
reads and WebSockets to the query API, and the web app's pages and assets to the web app (three
stub upstreams on the loopback interface)."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.deploy.support import CADDYFILE, K8S, tool

WRITES = ("POST", "PUT", "PATCH", "DELETE")


def caddy_env(home: Path, **settings: str) -> dict[str, str]:
    """Only what Caddy needs, so nothing from the shell changes the placeholders' defaults."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        **settings,
    }


def adapted(home: Path, **settings: str) -> dict[str, Any]:
    command = [tool("caddy"), "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    result = subprocess.run(
        command, capture_output=True, text=True, env=caddy_env(home, **settings), timeout=30
    )
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = json.loads(result.stdout)
    return config


def upstream_of(route: dict[str, Any]) -> str:
    (subroute,) = route["handle"]
    (inner,) = subroute["routes"]
    (proxy,) = inner["handle"]
    assert proxy["handler"] == "reverse_proxy"
    (upstream,) = proxy["upstreams"]
    dial: str = upstream["dial"]
    return dial


def test_caddy_validates_the_caddyfile(tmp_path: Path) -> None:
    command = [tool("caddy"), "validate", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    result = subprocess.run(
        command, capture_output=True, text=True, env=caddy_env(tmp_path), timeout=30
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_adapted_routes_put_writes_before_reads(tmp_path: Path) -> None:
    server = adapted(tmp_path)["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":80"]
    proxied = [r for r in server["routes"] if "match" in r and "subroute" in str(r["handle"])]
    by_upstream = {upstream_of(r): r["match"] for r in proxied if "reverse_proxy" in str(r)}
    assert by_upstream == {
        "command-api:8000": [{"method": list(WRITES), "path": ["/api/*"]}],
        "query-api:8002": [{"path": ["/api/*", "/ws/*", "/media/*"]}],
        "web:3000": [{"path": ["/customer", "/customer/*", "/admin", "/admin/*", "/_next/*"]}],
    }
    order = [upstream_of(r) for r in proxied if "reverse_proxy" in str(r)]
    apis = [upstream for upstream in order if upstream != "web:3000"]
    assert apis == ["command-api:8000", "query-api:8002"], "writes must be matched first"


def test_the_upstreams_and_the_address_come_from_the_environment(tmp_path: Path) -> None:
    config = adapted(
        tmp_path,
        SITE_ADDRESS=":8080",
        COMMAND_API="10.0.0.1:1",
        QUERY_API="10.0.0.2:2",
        WEB="10.0.0.3:3",
    )
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":8080"]
    assert {upstream_of(r) for r in server["routes"] if "reverse_proxy" in str(r)} == {
        "10.0.0.1:1",
        "10.0.0.2:2",
        "10.0.0.3:3",
    }


def test_the_kubernetes_copy_is_the_same_file() -> None:
    assert (K8S / "Caddyfile").read_bytes() == CADDYFILE.read_bytes(), (
        "deploy/k8s/Caddyfile must stay a copy of deploy/Caddyfile (kustomize reads files "
        "only below its own folder): cp deploy/Caddyfile deploy/k8s/Caddyfile"
    )


class Upstream(BaseHTTPRequestHandler):
    """Answers every method with who it is and what it got."""

    name = ""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"upstream": self.name, "method": self.command, "path": self.path})
        encoded = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(encoded)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(encoded)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _answer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


def start_upstream(name: str) -> ThreadingHTTPServer:
    handler = type(f"Upstream_{name}", (Upstream,), {"name": name})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Caddyfile running in a real Caddy, in front of three stub upstreams."""
    caddy = tool("caddy")
    command_api, query_api = start_upstream("command-api"), start_upstream("query-api")
    web = start_upstream("web")
    port = free_port()
    settings = {
        "SITE_ADDRESS": f":{port}",
        "COMMAND_API": f"127.0.0.1:{command_api.server_address[1]}",
        "QUERY_API": f"127.0.0.1:{query_api.server_address[1]}",
        "WEB": f"127.0.0.1:{web.server_address[1]}",
        "CADDY_ADMIN": "off",
    }
    home = tmp_path_factory.mktemp("caddy")
    process = subprocess.Popen(
        [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        env=caddy_env(home, **settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _, errors = process.communicate()
                pytest.fail(f"Caddy did not start: {errors.decode(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        command_api.shutdown()
        query_api.shutdown()
        web.shutdown()


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("path", ["/api/orders", "/api/orders/o-1/items", "/api/menu/items/x"])
def test_writes_reach_the_command_api(proxy: str, method: str, path: str) -> None:
    response = httpx.request(method, f"{proxy}{path}", json={"a": 1}, timeout=10)
    assert response.status_code == 200
    assert response.json() == {"upstream": "command-api", "method": method, "path": path}


@pytest.mark.parametrize(
    "path", ["/api/orders?status=placed", "/api/orders/o-1", "/api/menu", "/api/audit/events"]
)
def test_reads_reach_the_query_api(proxy: str, path: str) -> None:
    response = httpx.get(f"{proxy}{path}", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"upstream": "query-api", "method": "GET", "path": path}


def test_a_websocket_handshake_reaches_the_query_api(proxy: str) -> None:
    headers = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    }
    response = httpx.get(f"{proxy}/ws/orders/o-1?token=t", headers=headers, timeout=10)
    assert response.json()["upstream"] == "query-api"


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS"])
def test_other_methods_on_the_api_are_reads(proxy: str, method: str) -> None:
    response = httpx.request(method, f"{proxy}/api/menu", timeout=10)
    assert response.status_code == 200
    if method != "HEAD":
        assert response.json()["upstream"] == "query-api"


@pytest.mark.parametrize(
    "path",
    ["/customer", "/customer/orders/o-1", "/admin", "/admin/kitchen", "/_next/static/app.js"],
)
def test_the_web_apps_pages_and_assets_reach_the_web_app(proxy: str, path: str) -> None:
    response = httpx.get(f"{proxy}{path}", timeout=10)
    assert response.json() == {"upstream": "web", "method": "GET", "path": path}


def test_generated_cake_designs_come_from_the_query_api(proxy: str) -> None:
    response = httpx.get(f"{proxy}/media/cakes/d-1.png", timeout=10)
    assert response.json()["upstream"] == "query-api"


def test_the_front_door_leads_to_the_customer_area(proxy: str) -> None:
    response = httpx.get(f"{proxy}/", timeout=10)
    assert (response.status_code, response.headers["location"]) == (302, "/customer")


@pytest.mark.parametrize(
    "path", ["/docs", "/metrics", "/health", "/apix", "/wsx", "/customerx", "/administrator"]
)
def test_nothing_else_is_exposed(proxy: str, path: str) -> None:
    assert httpx.get(f"{proxy}{path}", timeout=10).status_code == 404
    assert httpx.post(f"{proxy}{path}", timeout=10).status_code == 404


def test_the_health_route_answers_without_an_upstream(proxy: str) -> None:
    response = httpx.get(f"{proxy}/healthz", timeout=10)
    assert (response.status_code, response.text) == (200, "ok")
