"""The SQL of the PostgreSQL event store, for one schema."""

from __future__ import annotations

from dataclasses import dataclass

from eventstore.postgres_schema import quoted_schema

COLUMNS = (
    "position, event_id, stream_id, revision, type, schema_version, recorded_at, data, metadata"
)
COLUMN_NAMES = [c.strip() for c in COLUMNS.split(",")]
# What a replay folds: the envelope without its metadata, in `LogRow` order.
ROW_COLUMNS = (
    "event_id",
    "stream_id",
    "revision",
    "position",
    "type",
    "schema_version",
    "recorded_at",
    "data",
)

# Below this transaction id every transaction has ended, so no event can still appear there.
HORIZON = "pg_snapshot_xmin(pg_current_snapshot())"


@dataclass(frozen=True)
class Statements:
    insert: str
    hash_at: str
    head: str
    by_event_ids: str
    stream_forward: str
    stream_backward: str
    log_after: str
    log_rows_after: str
    position_exists: str
    log_head: str
    unsafe_count: str
    any_unsafe: str

    @classmethod
    def for_schema(cls, schema: str) -> Statements:
        t = f"{quoted_schema(schema)}.events"
        # The log is ordered by (tx_id, position): every event of a transaction below the
        # horizon is visible, so this order never changes behind a reader.
        log_after = f"""
                WITH after AS (
                    SELECT tx_id, position FROM {t} WHERE position = $1
                    UNION ALL SELECT '0'::xid8, 0 WHERE $1 = 0
                )
                SELECT {{columns}}
                FROM {t} e, after a
                WHERE (e.tx_id, e.position) > (a.tx_id, a.position) AND e.tx_id < {HORIZON}
                ORDER BY e.tx_id, e.position LIMIT $2"""
        return cls(
            insert=f"""
                INSERT INTO {t} (event_id, stream_id, revision, type, schema_version,
                                 recorded_at, data, metadata)
                SELECT i, s, r, t, v, at, d::jsonb, m::jsonb
                FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[],
                            $5::integer[], $6::timestamptz[], $7::text[], $8::text[])
                    AS rows (i, s, r, t, v, at, d, m)
                RETURNING position""",
            hash_at=f"SELECT metadata->>'hash' FROM {t} WHERE stream_id = $1 AND revision = $2",
            head=f"""
                SELECT revision, metadata->>'hash' AS hash FROM {t}
                WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1""",
            by_event_ids=f"""
                SELECT stream_id, revision, position FROM {t}
                WHERE event_id = ANY($1::uuid[]) ORDER BY position""",
            stream_forward=f"""
                SELECT {COLUMNS} FROM {t}
                WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3""",
            stream_backward=f"""
                SELECT {COLUMNS} FROM {t}
                WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3""",
            log_after=log_after.format(columns=", ".join(f"e.{c}" for c in COLUMN_NAMES)),
            log_rows_after=log_after.format(columns=", ".join(f"e.{c}" for c in ROW_COLUMNS)),
            position_exists=f"SELECT EXISTS (SELECT 1 FROM {t} WHERE position = $1)",
            log_head=f"""
                SELECT position FROM {t} WHERE tx_id < {HORIZON}
                ORDER BY tx_id DESC, position DESC LIMIT 1""",
            unsafe_count=f"SELECT count(*) FROM {t} WHERE tx_id >= {HORIZON}",
            any_unsafe=f"SELECT EXISTS (SELECT 1 FROM {t} WHERE tx_id >= {HORIZON})",
        )
