"""What the audit routes read: the event store (the one query-side reader of it), the audit
log over it, and the keys to reveal personal fields with. Auditors and admins only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api_common.auth import Principal, require_roles
from eventstore.port import EventStore
from privacy.personal_data import PersonalData
from query_api.audit_log import AuditLog


@dataclass(frozen=True)
class AuditSources:
    store: EventStore
    log: AuditLog
    personal: PersonalData


def audit_sources(request: Request) -> AuditSources:
    sources: AuditSources = request.app.state.audit
    return sources


Audit = Annotated[AuditSources, Depends(audit_sources)]
AuditReader = Annotated[Principal, Depends(require_roles("auditor", "admin"))]
