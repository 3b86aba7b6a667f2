"""The peer comparison, tiny, against the real PostgreSQL: its code path keeps working."""

from __future__ import annotations

import asyncpg

from bench import peer
from tests.support.services import PG_DSN, ensure_test_database


async def test_every_store_appends_the_same_workload_and_leaves_nothing_behind(tmp_path):
    await ensure_test_database()
    measured = await peer.main(streams=4, events=3, concurrencies=[1, 2], dsn=PG_DSN)

    stores = {m.store for m in measured}
    assert len(stores) == 5 and peer.RAW in stores
    assert len(measured) == len(stores) * len(peer.MODES) * 2
    for m in measured:
        assert m.result.count == 12
        # One call per event, or one per stream when the events go in a batch.
        assert len(m.result.latencies_ms) == (12 if m.mode == "single" else 4)

    built = peer.section(measured, "dinner bench peer --streams 4", plots=tmp_path)
    raw_rows = [n for n, row in enumerate(built.rows) if row.values["workload"] == peer.RAW]
    assert all(row.baseline in raw_rows for row in built.rows if row.baseline is not None)
    assert (tmp_path / "peer-append-latency.png").stat().st_size > 0

    connection = await asyncpg.connect(PG_DSN)
    try:
        left = await connection.fetchval(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'bench\\_%'"
        )
    finally:
        await connection.close()
    assert left == 0
