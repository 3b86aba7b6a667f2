"""The web app in a real headless Chromium against the real system: every process started
here on a schema and vhost of this test's own (the AI worker too, for the voice order), the
app built once and served by `next start`, and web/tests/e2e run by Playwright against it.

The Playwright suite writes what it measured to web/test-results/ (the staff-click to
customer-screen latency); this test adds the first-load JavaScript of each route and holds
the customer menu to its budget. `python -m tests.web.figures` turns both into
bench/results/web.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest

from cli.web import WEB
from eventstore.postgres import PostgresEventStore
from tests.web.stack import build_web, first_load_js, speak, web_stack

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500), pytest.mark.usefixtures("browser_tools")]

SPOKEN = "I would like two French dinners in grand style and one cake, tomorrow at seven pm."
RESULTS = WEB / "test-results"
# The routes whose first-load JavaScript is measured: the path each is reached by.
ROUTES = {
    "/customer": "/customer",
    "/customer/cart": "/customer/cart",
    "/customer/orders/[id]": "/customer/orders/00000000-0000-0000-0000-000000000000",
    "/customer/voice": "/customer/voice",
    "/admin/kitchen": "/admin/kitchen",
    "/admin/dashboard": "/admin/dashboard",
    "/admin/audit": "/admin/audit",
}
MENU_BUDGET_BYTES = 150 * 1024  # gzipped, the goal for the customer menu page


async def test_the_browser_suite_passes_against_the_real_system(
    pg_store: PostgresEventStore, read_side: str, amqp_url: str, tmp_path: Path
) -> None:
    await asyncio.to_thread(build_web)
    wav = speak(SPOKEN, tmp_path)
    RESULTS.mkdir(exist_ok=True)
    async with web_stack(pg_store, read_side, amqp_url, tmp_path, ai=True) as stack:
        env = {
            **os.environ,
            **stack.environment(VOICE_WAV=str(wav), WEB_RESULTS_DIR=str(RESULTS)),
        }
        done = await asyncio.to_thread(
            subprocess.run,
            ["npx", "playwright", "test"],
            cwd=WEB, env=env, capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
        sizes = await first_load_js(stack.url, ROUTES)
    (RESULTS / "first-load-js.json").write_text(json.dumps(sizes, indent=2) + "\n")
    assert done.returncode == 0, (
        f"{done.stdout[-12000:]}\n{done.stderr[-3000:]}\n"
        f"system log (last lines):\n{stack.log.read_text()[-4000:]}"
    )
    assert sizes["/customer"] <= MENU_BUDGET_BYTES, sizes
