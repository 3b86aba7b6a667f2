"""The per-customer data keys of crypto-shredding (see docs/privacy.md).

They live in the read side's database because it is PostgreSQL wherever the events are kept.
Processes also create the table on start when it is missing.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from privacy.keys import key_table_ddl

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade(schema: str) -> None:
    for statement in key_table_ddl(schema):
        op.execute(statement)


def downgrade(schema: str) -> None:
    op.execute(f'DROP TABLE IF EXISTS "{schema}".customer_keys')
