"""Alembic environment for the event store schema (run through `dinner db migrate`)."""

from dinner.alembic_env import run_migrations

run_migrations("alembic_version_eventstore")
