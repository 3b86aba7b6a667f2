"""Process logging: one format, and no credentials in any line.

Servers log request targets (uvicorn logs a WebSocket's URL on accept), and a WebSocket
carries its token in the query string, so every record is scrubbed before it is written.
"""

from __future__ import annotations

import logging
import re

_SECRETS = re.compile(r"((?:token|access_token|password)=)[^&\s\"']+", re.IGNORECASE)
# The scheme is case-insensitive (RFC 9110) and the APIs accept any case, so the scrub does too.
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)


def scrub(text: str) -> str:
    return _BEARER.sub(r"\1[redacted]", _SECRETS.sub(r"\1[redacted]", text))


class ScrubSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(ScrubSecrets())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).addFilter(ScrubSecrets())
