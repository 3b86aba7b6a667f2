"""Alembic environment for the read side: checkpoints, processed messages, read models."""

from dinner.alembic_env import run_migrations

run_migrations("alembic_version_readside")
