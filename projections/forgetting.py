"""Forgetting a customer (privacy's `Forgetter`): destroy their keys, re-project their rows,
delete their recordings and the blind index of their email address.

The order matters. Once the keys are gone nothing can open the customer's fields again, in
this process or any other (keys are never cached); the re-projection then rewrites the rows
that were projected while the keys existed. Running it again is harmless: a second forget
destroys nothing new and rewrites the same redacted rows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from eventstore.port import EventStore
from privacy.email_index import forget_user_emails
from privacy.forget import Forgotten
from privacy.keys import KeyStore
from privacy.personal_data import EncryptedPersonalData
from projections.reproject import customer_streams, rebuilds_held_off, reproject

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Forgetting:
    """What forgetting touches: the keys, the event store, the read side and MEDIA_DIR.

    `engine` is the read side's engine without a schema mapping; `schema` names its schema.
    """

    keys: KeyStore
    store: EventStore
    engine: AsyncEngine
    schema: str
    media_dir: Path

    async def forget(self, customer_id: str) -> Forgotten:
        async with rebuilds_held_off(self.engine, self.schema):
            destroyed = await self.keys.destroy(customer_id)
            found = await customer_streams(self.engine, self.schema, customer_id)
            events = await reproject(
                self.engine,
                self.store,
                schema=self.schema,
                stream_ids=found.streams,
                personal=EncryptedPersonalData(self.keys),
            )
            async with self.engine.begin() as connection:
                await forget_user_emails(connection, self.schema, customer_id)
        deleted = await asyncio.to_thread(delete_recordings, self.media_dir, found.audio_refs)
        log.info(
            "forgot customer %s: %d keys destroyed, %d streams re-projected, %d recordings deleted",
            customer_id,
            destroyed,
            len(found.streams),
            deleted,
        )
        return Forgotten(customer_id, destroyed, len(found.streams), events, deleted)


def delete_recordings(media_dir: Path, audio_refs: Sequence[str]) -> int:
    """Deletes each recording that lies inside `media_dir`; returns how many existed."""
    root = media_dir.resolve()
    deleted = 0
    for ref in audio_refs:
        path = (root / ref).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            continue
        path.unlink(missing_ok=True)
        deleted += 1
    return deleted
