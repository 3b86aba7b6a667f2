"""deploy/healthcheck.py, the containers' health check: an HTTP endpoint that answers 2xx, or an
established TCP connection to a port (a consumer's broker connection)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.deploy.support import DEPLOY

SCRIPT = DEPLOY / "healthcheck.py"


def check(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=30)


class Status(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = int(self.path.strip("/"))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Status)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(("status", "exit_code"), [(200, 0), (204, 0), (503, 1), (404, 1)])
def test_http_mode_is_healthy_on_2xx_only(server: str, status: int, exit_code: int) -> None:
    result = check(f"{server}/{status}")
    assert result.returncode == exit_code, result.stderr
    assert ("unhealthy" in result.stderr) == bool(exit_code)


def test_http_mode_is_unhealthy_when_nothing_listens() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert check(f"http://127.0.0.1:{port}/health").returncode == 1


def test_connection_mode_sees_an_established_connection_and_only_then() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert check("--connected-to", str(port)).returncode == 1, "listening is not connected"
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = listener.accept()
            with accepted:
                assert check("--connected-to", str(port)).returncode == 0
        client.close()
    result = check("--connected-to", str(port))
    assert result.returncode == 1
    assert f"no established connection to port {port}" in result.stderr


def test_it_needs_exactly_one_target() -> None:
    assert check().returncode == 2
    assert check("http://127.0.0.1:1/", "--connected-to", "1").returncode == 2
