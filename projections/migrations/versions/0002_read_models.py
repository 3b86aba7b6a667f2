"""The read models: orders and their history, kitchen queue, sales, menu, voice orders.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

from projections.tables import metadata

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade(schema: str) -> None:
    bind = op.get_bind().execution_options(schema_translate_map={None: schema})
    metadata.create_all(bind, checkfirst=True)


def downgrade(schema: str) -> None:
    bind = op.get_bind().execution_options(schema_translate_map={None: schema})
    metadata.drop_all(bind, checkfirst=True)
