"""Which fields of which events hold personal data, and copy-on-write changes to them.

Paths name fields of the current schema version of each event type; older versions of these
types were never sealed. Only strings are sealed; absent or null fields are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

Payload = dict[str, Any]
FieldPath = tuple[str, ...]

PERSONAL_FIELDS: Final[Mapping[str, tuple[FieldPath, ...]]] = {
    "OrderPlaced": (("delivery", "address"), ("note",)),
    "VoiceTranscribed": (("transcript",),),
    "VoiceOrderInterpreted": (("draft", "address"), ("draft", "note")),
    "UserRegistered": (("name",), ("email",), ("phone",)),
}


def has_personal_fields(event_type: str) -> bool:
    return event_type in PERSONAL_FIELDS


def personal_strings(event_type: str, data: Payload) -> Iterator[str]:
    for path in PERSONAL_FIELDS.get(event_type, ()):
        value = _get(data, path)
        if isinstance(value, str):
            yield value


def change_personal_strings(
    event_type: str, data: Payload, change: Callable[[str], str]
) -> Payload:
    """`data` with each personal string replaced by `change(value)`; the same object when
    nothing changed, so callers can tell cheaply."""
    changed = data
    for path in PERSONAL_FIELDS.get(event_type, ()):
        value = _get(changed, path)
        if isinstance(value, str) and (new := change(value)) != value:
            changed = _set(changed, path, new)
    return changed


def _get(data: Payload, path: FieldPath) -> object:
    value: object = data
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _set(data: Payload, path: FieldPath, value: str) -> Payload:
    head, *rest = path
    if not rest:
        return {**data, head: value}
    return {**data, head: _set(data[head], tuple(rest), value)}
