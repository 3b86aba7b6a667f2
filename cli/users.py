"""`dinner users create|password|demo`: accounts from the shell.

`create` makes the first admin of a new deployment (and any account after it); `password`
sets a user's password; `demo` (local mode only) makes one account of each role once, for
trying the system by hand. A password is read from a prompt, or from standard input with
`--password-stdin`, never from an argument, which would leave it in the shell's history and
in every process listing.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bootstrap import Needs, open_services
from dinner.clock import SystemClock
from dinner.settings import Settings
from domain.errors import DomainError
from schemas.envelope import Actor
from schemas.vocabulary import USER_ROLES, UserRole
from service_layer.accounts import Accounts, Origin, Registration, open_accounts

app = typer.Typer(no_args_is_help=True, help="User accounts.")
console = Console()
OPERATOR = Actor(user_id="operator", role="system")
# Local mode only: printed by `make run`, so anyone at the machine may use them.
DEMO_PASSWORD = "dinner-demo-{role}-2026"


@asynccontextmanager
async def _accounts(settings: Settings) -> AsyncIterator[Accounts]:
    async with open_services(settings, Needs.COMMANDS | Needs.SQL, sql_pool_size=2) as services:
        yield await open_accounts(settings, services.commands, services.keys, services.sql)


def _origin() -> Origin:
    return Origin(correlation_id=f"cli:{uuid.uuid4()}", actor=OPERATOR)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _role(value: str) -> UserRole:
    for role in USER_ROLES:
        if value == role:
            return role
    raise typer.BadParameter(f"role must be one of {', '.join(USER_ROLES)}", param_hint="--role")


async def _create(settings: Settings, registration: Registration) -> uuid.UUID:
    async with _accounts(settings) as accounts:
        account = await accounts.register(registration, SystemClock().now(), _origin())
        return account.user_id


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@app.command()
def create(
    email: Annotated[str, typer.Option(help="The address the user signs in with.")],
    role: Annotated[str, typer.Option(help="customer, staff, admin or auditor.")],
    name: Annotated[str, typer.Option(help="The user's name.")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account (the first admin of a new deployment, say)."""
    registration = Registration(email, name or email, _password(password_stdin), _role(role))
    try:
        user_id = asyncio.run(_create(Settings(), registration))
    except DomainError as refused:
        console.print(f"[red]{refused.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"{role} {user_id} created")


async def _set_password(settings: Settings, user_id: uuid.UUID, password: str) -> None:
    async with _accounts(settings) as accounts:
        await accounts.change_password(user_id, password, SystemClock().now(), _origin())


@app.command()
def password(
    user_id: Annotated[uuid.UUID, typer.Argument(help="The user's id.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a user's password; their sessions must sign in again."""
    try:
        asyncio.run(_set_password(Settings(), user_id, _password(password_stdin)))
    except DomainError as refused:
        console.print(f"[red]{refused.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"password of {user_id} set")


def demo_email(role: UserRole) -> str:
    return f"{role}@dinner.local"


async def _demo(settings: Settings) -> dict[UserRole, bool]:
    """Each role's demo account, and whether it was made just now."""
    made: dict[UserRole, bool] = {}
    async with _accounts(settings) as accounts:
        for role in USER_ROLES:
            registration = Registration(
                demo_email(role), f"Demo {role}", DEMO_PASSWORD.format(role=role), role
            )
            try:
                await accounts.register(registration, SystemClock().now(), _origin())
                made[role] = True
            except DomainError as refused:
                if refused.code != "email_taken":
                    raise
                made[role] = False
    return made


@app.command()
def demo() -> None:
    """Make one demo account per role, once (local mode only), and print them."""
    settings = Settings()
    if settings.environment != "local":
        console.print("[red]demo accounts are for local mode only (ENVIRONMENT=local)[/red]")
        raise typer.Exit(1)
    made = asyncio.run(_demo(settings))
    table = Table("role", "email", "password", "", title="Demo accounts")
    for role, new in made.items():
        table.add_row(role, demo_email(role), DEMO_PASSWORD.format(role=role), "new" if new else "")
    console.print(table)
    body = json.dumps(
        {"email": demo_email("customer"), "password": DEMO_PASSWORD.format(role="customer")}
    )
    console.print(
        "sign in:  curl -s -X POST http://127.0.0.1:8000/api/auth/login "
        f"-H 'Content-Type: application/json' -d '{body}'",
        soft_wrap=True,
    )
    console.print("who am I: GET http://127.0.0.1:8002/api/auth/me with the access token")
