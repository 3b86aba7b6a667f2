"""Accounts: the `users` read model, and the blind index of users' email addresses.

The read model is created from the tables' metadata as 0002 does (on a fresh database 0002
has already made it, and this step finds it there). The blind index belongs to privacy (see
privacy/email_index.py); like the key table, processes also create it on start when missing,
and so they do the accounts' own write-side tables (service_layer/accounts/tables.py).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from privacy.email_index import email_index_ddl
from projections.tables import users, users_streams

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade(schema: str) -> None:
    bind = op.get_bind().execution_options(schema_translate_map={None: schema})
    for table in (users, users_streams):
        table.create(bind, checkfirst=True)
    for statement in email_index_ddl(schema):
        op.execute(statement)


def downgrade(schema: str) -> None:
    bind = op.get_bind().execution_options(schema_translate_map={None: schema})
    for table in (users_streams, users):
        table.drop(bind, checkfirst=True)
    op.execute(f'DROP TABLE IF EXISTS "{schema}".user_emails, "{schema}".email_index_key')
