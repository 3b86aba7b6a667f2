"""Publishes a batch of events with publisher confirms, many in flight, until all are confirmed.

A nacked, returned (unroutable) or interrupted publish is sent again after a growing pause;
none is ever skipped, so the caller may checkpoint once `publish_all` returns.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aio_pika.abc import AbstractExchange
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential

from rabbitmq.messages import to_message
from schemas.envelope import RecordedEvent
from schemas.registry import routing_key

log = logging.getLogger(__name__)


class Unconfirmed(Exception):
    def __init__(self, count: int, first_error: BaseException) -> None:
        super().__init__(f"{count} publishes not confirmed, e.g. {first_error!r}")
        self.count = count


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.warning("publishing again after: %s", error)


class ConfirmedPublisher:
    def __init__(self, exchange: AbstractExchange) -> None:
        self._exchange = exchange

    async def publish_all(self, events: Sequence[RecordedEvent]) -> None:
        pending = list(events)
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(Unconfirmed),
            wait=wait_exponential(multiplier=0.05, max=5),
            before_sleep=_log_retry,
        ):
            with attempt:
                failed = await self._publish_once(pending)
                if failed:
                    pending = [event for event, _ in failed]
                    raise Unconfirmed(len(failed), failed[0][1])

    async def _publish_once(
        self, events: list[RecordedEvent]
    ) -> list[tuple[RecordedEvent, BaseException]]:
        """The events whose publish was not confirmed, with why."""
        results = await asyncio.gather(
            *(
                self._exchange.publish(to_message(e), routing_key(e), mandatory=True)
                for e in events
            ),
            return_exceptions=True,
        )
        failed = [
            (event, result)
            for event, result in zip(events, results, strict=True)
            if isinstance(result, BaseException)
        ]
        for _, error in failed:
            if isinstance(error, asyncio.CancelledError):
                raise error
        return failed
