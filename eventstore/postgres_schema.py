"""DDL of the PostgreSQL event store, shared by the Alembic migration and the tests."""

from __future__ import annotations


def quoted_schema(schema: str) -> str:
    if not schema.replace("_", "").isalnum() or not schema[0].isalpha():
        raise ValueError(f"not a plain SQL identifier: {schema!r}")
    return f'"{schema}"'


def event_store_ddl(schema: str) -> list[str]:
    """Statements that create the store; each is idempotent.

    `tx_id` records the appending transaction so readers can stay below the oldest
    transaction still in flight (see `read_all`): a position is taken at insert, not at
    commit, so position order alone would let a reader pass an event committed late.
    """
    s = quoted_schema(schema)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {s}",
        f"""
        CREATE TABLE IF NOT EXISTS {s}.events (
            position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
            event_id uuid NOT NULL,
            stream_id text NOT NULL,
            revision bigint NOT NULL CHECK (revision >= 0),
            type text NOT NULL,
            schema_version integer NOT NULL CHECK (schema_version >= 1),
            recorded_at timestamptz NOT NULL,
            data jsonb NOT NULL,
            metadata jsonb NOT NULL,
            CONSTRAINT events_event_id_unique UNIQUE (event_id),
            CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
        )
        """,
        f"CREATE INDEX IF NOT EXISTS events_log_order ON {s}.events (tx_id, position)",
        f"CREATE INDEX IF NOT EXISTS events_type ON {s}.events (type, position)",
    ]


def drop_event_store_ddl(schema: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {quoted_schema(schema)}.events"]
