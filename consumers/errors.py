"""How a handler says what should happen to a message it could not process."""

from __future__ import annotations


class PermanentError(Exception):
    """Retrying cannot help (bad schema, undecodable audio): dead-letter at once."""


class TransientError(Exception):
    """It may work later (a model busy, a service down): climb the retry ladder."""
