"""What a command route needs, as FastAPI dependencies built from the app's composition root."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Header, Request

from api_common.auth import Principal
from api_common.problems import Problem
from dinner.clock import Clock
from schemas.envelope import Actor, EventMetadata
from service_layer import CommandContext, CommandService

_ETAG = re.compile(r'^(?:W/)?"?(\d{1,18})"?$')
COMMAND_NAMESPACE = uuid.UUID("0b7c6a52-3d2e-4c1e-9a57-6f1d2c8e4b10")


@dataclass(frozen=True)
class RequestContext:
    """What a command route needs from its request: the service layer, the clock, and the
    ids and headers that become the command's context."""

    commands: CommandService
    clock: Clock
    correlation_id: str
    causation_id: str
    media_dir: Path
    idempotency_key: str | None = None
    path: str = ""

    def command_id(self, principal: Principal) -> uuid.UUID | None:
        """The same Idempotency-Key from the same caller on the same path is the same command
        (the idempotency middleware refuses the key with another body)."""
        if self.idempotency_key is None:
            return None
        name = f"{principal.user_id}\n{self.path}\n{self.idempotency_key}"
        return uuid.uuid5(COMMAND_NAMESPACE, name)

    def metadata(self, principal: Principal) -> EventMetadata:
        return EventMetadata(
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            actor=Actor(user_id=principal.user_id, role=principal.role),
        )

    def now(self) -> datetime:
        return self.clock.now()

    def command_context(
        self, principal: Principal, *, if_match: int | None = None, idempotent: bool = True
    ) -> CommandContext:
        """`idempotent`: the command's events take ids derived from the Idempotency-Key."""
        command_id = self.command_id(principal) if idempotent else None
        return CommandContext(self.metadata(principal), command_id=command_id, if_match=if_match)


async def request_context(
    request: Request, x_causation_id: Annotated[str | None, Header(max_length=200)] = None
) -> RequestContext:
    state = request.app.state
    correlation_id = getattr(request.state, "correlation_id", None) or str(uuid.uuid4())
    return RequestContext(
        commands=state.commands,
        clock=state.clock,
        correlation_id=correlation_id,
        # Without a causing message, the HTTP request itself is the cause.
        causation_id=x_causation_id or f"http:{uuid.uuid4()}",
        media_dir=state.settings.media_dir,
        idempotency_key=request.headers.get("idempotency-key"),
        path=request.url.path,
    )


# Documented, not enforced by FastAPI: a value outside it is this API's 400, not a 422.
_IF_MATCH_DOC = Header(
    description='The stream revision the command expects, e.g. `3` or `"3"`.',
    json_schema_extra={"pattern": _ETAG.pattern},
)


async def expected_revision(if_match: Annotated[str | None, _IF_MATCH_DOC] = None) -> int | None:
    """`If-Match: <revision>` (an ETag-style quoted or weak value is accepted too)."""
    if if_match is None:
        return None
    found = _ETAG.match(if_match.strip())
    if found is None:
        raise Problem(400, "invalid-if-match", detail="If-Match must be a stream revision.")
    return int(found.group(1))


Context = Annotated[RequestContext, Depends(request_context)]
IfMatch = Annotated[int | None, Depends(expected_revision)]
