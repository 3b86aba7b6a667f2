"""The JSON-Schema export: one valid file per event version, the envelope and the commands."""

from __future__ import annotations

import json

from schemas.commands import COMMAND_CLASSES
from schemas.export import export_json_schemas
from schemas.registry import EVENT_CLASSES


def test_every_event_type_gets_a_valid_schema_file(tmp_path):
    written = export_json_schemas(tmp_path)

    expected = {f"{t}.v{cls.schema_version}.json" for t, cls in EVENT_CLASSES.items()}
    names = {path.name for path in written if path.parent == tmp_path}
    assert names == expected | {"EventEnvelope.json"}
    for path in written:
        assert path.exists()
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["type"] == "object"
        assert schema["properties"]

    placed = json.loads((tmp_path / "OrderPlaced.v2.json").read_text(encoding="utf-8"))
    assert (placed["x-event-type"], placed["x-schema-version"]) == ("OrderPlaced", 2)
    assert "delivery" in placed["required"]
    envelope = json.loads((tmp_path / "EventEnvelope.json").read_text(encoding="utf-8"))
    assert {"event_id", "stream_id", "revision", "position", "metadata"} <= set(
        envelope["required"]
    )


def test_every_command_gets_a_schema_file(tmp_path):
    written = export_json_schemas(tmp_path)
    commands = {path.stem for path in written if path.parent.name == "commands"}
    assert commands == set(COMMAND_CLASSES)


def test_the_export_is_deterministic(tmp_path):
    first = {p.name: p.read_text() for p in export_json_schemas(tmp_path / "a")}
    second = {p.name: p.read_text() for p in export_json_schemas(tmp_path / "b")}
    assert first == second
