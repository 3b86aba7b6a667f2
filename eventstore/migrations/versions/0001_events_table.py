"""The events table with its gap guard (tx_id) and concurrency constraints.

Revision ID: 0001
Revises:
"""

from alembic import op

from eventstore.postgres_schema import drop_event_store_ddl, event_store_ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(schema: str) -> None:
    for statement in event_store_ddl(schema):
        op.execute(statement)


def downgrade(schema: str) -> None:
    for statement in drop_event_store_ddl(schema):
        op.execute(statement)
