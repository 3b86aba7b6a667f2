"""Wiring: the one place where adapters are chosen and opened for a process."""

from bootstrap.services import Needs, Services, open_services

__all__ = ["Needs", "Services", "open_services"]
