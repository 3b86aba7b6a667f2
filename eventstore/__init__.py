"""The event store port and its adapters (PostgreSQL, KurrentDB)."""
