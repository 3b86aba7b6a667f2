"""Checkpoints of log followers and the processed-message records of consumers.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(schema: str) -> None:
    op.execute(
        f"""
        CREATE TABLE IF NOT EXISTS "{schema}".checkpoints (
            name text PRIMARY KEY,
            position bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        )"""
    )
    op.execute(
        f"""
        CREATE TABLE IF NOT EXISTS "{schema}".processed_messages (
            consumer text NOT NULL,
            event_id uuid NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        )"""
    )


def downgrade(schema: str) -> None:
    op.execute(f'DROP TABLE IF EXISTS "{schema}".processed_messages')
    op.execute(f'DROP TABLE IF EXISTS "{schema}".checkpoints')
