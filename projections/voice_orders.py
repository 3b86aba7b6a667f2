"""Voice orders as the customer follows them: status, transcript, draft and confidence."""

from __future__ import annotations

from uuid import UUID

from projections.events import ProjectedEvent
from projections.model import KeyedReadModel, Row
from projections.orders import moment
from projections.tables import voice_orders, voice_streams
from schemas.streams import VOICE_ORDER
from schemas.vocabulary import VOICE_ORDER_STATUS_AFTER


def evolve(row: Row | None, event: ProjectedEvent) -> Row | None:
    d = event.data
    if event.type == "VoiceOrderSubmitted":
        return {
            "voice_order_id": UUID(d["voice_order_id"]),
            "customer_id": d["customer_id"],
            "status": "submitted",
            "request_id": UUID(d["request_id"]),
            "audio_ref": d["audio_ref"],
            "transcript": None,
            "draft": None,
            "confidence": None,
            "order_id": None,
            "failed_stage": None,
            "failure_reason": None,
            "submitted_at": moment(d["at"]),
            "updated_at": event.recorded_at,
            "revision": event.revision,
            "position": event.position,
        }
    if row is None:
        raise LookupError(f"{event.type} for a voice order the read model has not seen")
    changed: Row = {
        "status": VOICE_ORDER_STATUS_AFTER.get(event.type, row["status"]),
        "updated_at": event.recorded_at,
        "revision": event.revision,
        "position": event.position,
    }
    if event.type == "VoiceTranscribed":
        changed["transcript"] = d["transcript"]
    elif event.type == "VoiceOrderInterpreted":
        changed |= {"draft": d["draft"], "confidence": d["confidence"]}
    elif event.type == "VoiceOrderAccepted":
        changed["order_id"] = UUID(d["order_id"])
    elif event.type == "VoiceOrderFailed":
        changed |= {"failed_stage": d["stage"], "failure_reason": d["reason"]}
    return {**row, **changed}


class VoiceOrdersModel(KeyedReadModel):
    name = "voice_orders"
    categories = frozenset({VOICE_ORDER})
    table = voice_orders
    streams = voice_streams
    tables = (voice_orders, voice_streams)

    def evolve_row(self, row: Row | None, event: ProjectedEvent) -> Row | None:
        return evolve(row, event)

    def key_of(self, event: ProjectedEvent) -> UUID:
        return event.aggregate_uuid
