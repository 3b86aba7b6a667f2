"""JSON-Schema files for every event version, the envelope and the commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.commands import COMMAND_CLASSES
from schemas.envelope import RecordedEvent
from schemas.registry import EVENT_CLASSES


def _write(path: Path, schema: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _schema(model: type[BaseModel], title: str, **extra: Any) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["title"] = title
    schema.update(extra)
    return schema


def export_json_schemas(target_dir: Path) -> list[Path]:
    """Write `<Type>.v<version>.json`, `EventEnvelope.json` and `commands/<Name>.json`."""
    written = [
        _write(
            target_dir / f"{event_type}.v{cls.schema_version}.json",
            _schema(
                cls,
                event_type,
                **{"x-event-type": event_type, "x-schema-version": cls.schema_version},
            ),
        )
        for event_type, cls in sorted(EVENT_CLASSES.items())
    ]
    written.append(
        _write(target_dir / "EventEnvelope.json", _schema(RecordedEvent, "EventEnvelope"))
    )
    written.extend(
        _write(target_dir / "commands" / f"{name}.json", _schema(cls, name))
        for name, cls in sorted(COMMAND_CLASSES.items())
    )
    return written
