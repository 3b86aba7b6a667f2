"""The base of every command: an immutable request to change one aggregate.

Commands carry types only; the business rules (quantities, amounts, who may act) live in
`domain/` so that each rule is decided, and reported, in exactly one place.
"""

from __future__ import annotations

from schemas.values import FrozenModel


class Command(FrozenModel):
    pass
