"""A few calls of the RabbitMQ management HTTP API: vhosts, queue details and counts."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import httpx


def management_url(amqp_url: str, port: int = 15672) -> tuple[str, str, str, str]:
    """(base URL, user, password, vhost) for the broker an AMQP URL points at."""
    parts = urlsplit(amqp_url)
    vhost = parts.path[1:] if len(parts.path) > 1 else "/"
    base = f"http://{parts.hostname or 'localhost'}:{port}/api"
    return base, parts.username or "guest", parts.password or "guest", vhost


class Management:
    def __init__(self, amqp_url: str, port: int = 15672) -> None:
        base, user, password, vhost = management_url(amqp_url, port)
        self.vhost = vhost
        self._http = httpx.AsyncClient(base_url=base, auth=(user, password), timeout=10)

    async def __aenter__(self) -> Management:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._http.aclose()

    def _vhost(self) -> str:
        return quote(self.vhost, safe="")

    async def create_vhost(self, user: str = "guest") -> None:
        (await self._http.put(f"/vhosts/{self._vhost()}")).raise_for_status()
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        response = await self._http.put(f"/permissions/{self._vhost()}/{user}", json=permissions)
        response.raise_for_status()

    async def delete_vhost(self) -> None:
        response = await self._http.delete(f"/vhosts/{self._vhost()}")
        if response.status_code != 404:
            response.raise_for_status()

    async def queues(self) -> list[dict[str, Any]]:
        response = await self._http.get(f"/queues/{self._vhost()}")
        response.raise_for_status()
        return list(response.json())

    async def bindings(self) -> list[dict[str, Any]]:
        response = await self._http.get(f"/bindings/{self._vhost()}")
        response.raise_for_status()
        return list(response.json())

    async def exchange(self, name: str) -> dict[str, Any]:
        response = await self._http.get(f"/exchanges/{self._vhost()}/{quote(name, safe='')}")
        response.raise_for_status()
        return dict(response.json())
