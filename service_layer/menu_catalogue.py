"""The current menu for pricing, kept folded in memory and caught up before each use.

Catching up reads only the menu events after the last one seen (usually none), so every
order is priced against the menu as it stands in the store, not a stale copy. Callers that
arrive while a catch-up is in flight share it instead of queueing for their own.
"""

from __future__ import annotations

import asyncio

from domain import MENU, fold
from eventstore.port import EventStore
from schemas.registry import from_recorded
from schemas.streams import MENU_STREAM
from schemas.values import MenuState


class MenuCatalogue:
    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._state: MenuState = MENU.initial_state()
        self._revision = -1
        self._catching_up: asyncio.Future[MenuState] | None = None

    async def current(self) -> MenuState:
        if self._catching_up is None or self._catching_up.done():
            self._catching_up = asyncio.ensure_future(self._catch_up())
        # Shielded: one caller giving up must not cancel the catch-up the others wait for.
        return await asyncio.shield(self._catching_up)

    async def _catch_up(self) -> MenuState:
        newer = await self._store.read_stream(MENU_STREAM, from_revision=self._revision + 1)
        if newer:
            self._state = fold(MENU, (from_recorded(e) for e in newer), self._state)
            self._revision = newer[-1].revision
        return self._state
