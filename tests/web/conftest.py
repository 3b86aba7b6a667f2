"""The web app's tests need Node.js and the app's packages (`npm ci` in web/, which
`make test` runs); the browser tests also need Chromium (`scripts/tools.sh` installs it).
Without them these tests are skipped with the reason, so a machine without Node still runs
the rest of the suite."""

from __future__ import annotations

import pytest

from tests.web.stack import missing_tools


@pytest.fixture(scope="session")
def node_tools() -> None:
    missing = missing_tools(browser=False)
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: see README.md, 'Web app'")


@pytest.fixture(scope="session")
def browser_tools() -> None:
    missing = missing_tools(browser=True)
    if missing:
        pytest.skip(f"missing {', '.join(missing)}: see README.md, 'Web app'")
