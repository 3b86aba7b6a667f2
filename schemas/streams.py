"""Stream names: `<category>-<uuid>` for aggregates with many instances, one stream for the menu.

Every stream id is built and read here, so no other module splits one by hand.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final, NamedTuple
from uuid import UUID

MENU_STREAM: Final = "menu"
ORDER: Final = "order"
VOICE_ORDER: Final = "voice"


class StreamId(NamedTuple):
    """A stream id taken apart: its category and, for `<category>-<uuid>`, the id."""

    category: str
    id: UUID | None

    @staticmethod
    def order(order_id: UUID) -> str:
        return f"{ORDER}-{order_id}"

    @staticmethod
    def voice_order(voice_order_id: UUID) -> str:
        return f"{VOICE_ORDER}-{voice_order_id}"

    @staticmethod
    def user(user_id: UUID) -> str:
        return f"user-{user_id}"

    @staticmethod
    def parse(stream_id: str) -> StreamId:
        """`order-<uuid>` → ("order", UUID); `menu` → ("menu", None). A part after the
        category that is not a UUID raises ValueError."""
        return _parse(stream_id)

    @staticmethod
    def category_of(stream_id: str) -> str:
        """The category alone: never fails, for routing keys and filters."""
        return _category(stream_id)

    @staticmethod
    def uuid_of(stream_id: str) -> UUID:
        """The UUID of a `<category>-<uuid>` stream of any category (ValueError for `menu`)."""
        found = _parse(stream_id).id
        if found is None:
            raise ValueError(f"{stream_id!r} is not the stream of one aggregate")
        return found

    @staticmethod
    def id_in(stream_id: str, category: str) -> UUID:
        """The UUID of a stream that must be of `category` (ValueError otherwise)."""
        parsed = _parse(stream_id)
        if parsed.category != category or parsed.id is None:
            raise ValueError(f"{stream_id!r} is not a {category} stream")
        return parsed.id


# A rebuild asks millions of events, of a few hundred thousand streams, for their category and
# aggregate id: each stream is taken apart once.
@lru_cache(maxsize=65_536)
def _parse(stream_id: str) -> StreamId:
    category, dash, rest = stream_id.partition("-")
    return StreamId(category, UUID(rest) if dash else None)


@lru_cache(maxsize=65_536)
def _category(stream_id: str) -> str:
    return stream_id.partition("-")[0]
