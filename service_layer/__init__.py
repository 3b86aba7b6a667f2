"""The service layer: where a command becomes events, for every caller alike."""

from service_layer.context import CommandContext, CommandResult, PreconditionFailed
from service_layer.service import CommandService

__all__ = ["CommandContext", "CommandResult", "CommandService", "PreconditionFailed"]
