"""Header names the consumer runtime writes on retried and dead-lettered messages."""

from __future__ import annotations

RETRY_COUNT = "x-retry-count"
ORIGINAL_ROUTING_KEY = "x-original-routing-key"
ERROR = "x-error"
ERROR_TYPE = "x-error-type"
TRACEBACK = "x-traceback"
ATTEMPTS = "x-attempts"
QUEUE = "x-queue"
FAILED_AT = "x-failed-at"
LAST_ERROR = "x-last-error"
# Set by the broker when it dead-letters (e.g. the delivery limit of a crash loop).
BROKER_DEATHS = "x-death"
