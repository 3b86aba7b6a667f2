"""DESIGN.md's AMQP mapping: an event envelope as a persistent message, and back."""

from __future__ import annotations

from typing import Any

import aio_pika
import orjson
from aio_pika.abc import AbstractIncomingMessage
from pydantic import ValidationError

from schemas.envelope import RecordedEvent

CONTENT_TYPE = "application/json"
# An envelope is a few kilobytes. A body far beyond that is not an event, and parsing it
# would cost memory and time per redelivery; it is refused before any decoding.
MAX_BODY_BYTES = 1_048_576


class UndecodableMessage(ValueError):
    """A body that is not an event envelope: it can never succeed, whatever is retried."""


def envelope_json(event: RecordedEvent) -> bytes:
    return orjson.dumps(event.model_dump(mode="json"))


def to_message(event: RecordedEvent) -> aio_pika.Message:
    return aio_pika.Message(
        body=envelope_json(event),
        content_type=CONTENT_TYPE,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=str(event.event_id),
        type=event.type,
        headers={
            "stream_id": event.stream_id,
            "revision": event.revision,
            "position": event.position,
            "schema_version": event.schema_version,
            "correlation_id": event.metadata.correlation_id,
        },
    )


def from_message(
    message: AbstractIncomingMessage, *, max_body_bytes: int = MAX_BODY_BYTES
) -> RecordedEvent:
    if len(message.body) > max_body_bytes:
        raise UndecodableMessage(
            f"body is {len(message.body)} bytes, over the limit of {max_body_bytes} "
            "(MAX_MESSAGE_BYTES)"
        )
    try:
        document: Any = orjson.loads(message.body)
    except orjson.JSONDecodeError as error:
        raise UndecodableMessage(f"body is not JSON: {error}") from None
    if not isinstance(document, dict):
        raise UndecodableMessage("body is not a JSON object")
    try:
        return RecordedEvent.model_validate(document)
    except ValidationError as error:
        raise UndecodableMessage(
            f"body is not an event envelope: {error.error_count()} errors"
        ) from None
