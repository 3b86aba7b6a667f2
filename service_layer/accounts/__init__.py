"""Accounts on the service layer: sign-up, sign-in, sessions, and admins managing users."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from dinner.settings import Settings
from privacy.email_index import EmailIndex
from privacy.keys import KeyStore
from privacy.master import MasterKeys
from service_layer.accounts.admins import AdminRoster
from service_layer.accounts.passwords import Passwords, check_password
from service_layer.accounts.service import Account, Accounts, Origin, Registration, email_taken
from service_layer.accounts.sessions import Issued, Refused, Sessions
from service_layer.accounts.tables import create_account_tables
from service_layer.service import CommandService


async def open_accounts(
    settings: Settings, commands: CommandService, keys: KeyStore, engine: AsyncEngine
) -> Accounts:
    """`engine`: the read side's database, without a schema mapping. Creates the accounts'
    tables when missing and prepares the dummy hash of unknown-email sign-ins."""
    schema = settings.database_schema
    await create_account_tables(engine, schema)
    emails = await EmailIndex.open(engine, schema, MasterKeys(*settings.master_keys()))
    passwords = Passwords()
    await passwords.prepare()
    sessions = Sessions(engine, schema, timedelta(seconds=settings.refresh_ttl_seconds))
    return Accounts(commands, keys, emails, AdminRoster(engine, schema), sessions, passwords)


__all__ = [
    "Account",
    "Accounts",
    "Issued",
    "Origin",
    "Passwords",
    "Refused",
    "Registration",
    "check_password",
    "email_taken",
    "open_accounts",
]
