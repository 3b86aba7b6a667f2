"""The read-model tables (SQLAlchemy Core). Tables carry no schema: each connection maps
`None` to its own schema with `schema_translate_map`, so tests and rebuilds can use others."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from privacy.cipher import REDACTED

metadata = MetaData()


def stream_revisions(name: str) -> Table:
    """The last revision of each stream a read model has applied: redeliveries are no-ops."""
    return Table(
        f"{name}_streams",
        metadata,
        Column("stream_id", Text, primary_key=True),
        Column("revision", BigInteger, nullable=False),
    )


orders = Table(
    "orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("customer_id", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("delivery_address", Text, nullable=False),
    Column("requested_for", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    Column("placed_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("paid_amount", BigInteger),
    Column("payment_ref", Text),
    Column("courier", Text),
    Column("closing_reason", Text),
    Column("cake_designs", JSONB, nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("position", BigInteger, nullable=False),
)
Index("orders_by_placed", orders.c.placed_at, orders.c.order_id)
Index("orders_by_status", orders.c.status, orders.c.placed_at, orders.c.order_id)
Index("orders_by_customer", orders.c.customer_id, orders.c.placed_at, orders.c.order_id)

order_history = Table(
    "order_history",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("revision", BigInteger, primary_key=True),
    Column("type", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
)
orders_streams = stream_revisions("orders")

kitchen_queue = Table(
    "kitchen_queue",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("status", Text, nullable=False),
    Column("requested_for", DateTime(timezone=True), nullable=False),
    Column("placed_at", DateTime(timezone=True), nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("note", Text),
    Column("position", BigInteger, nullable=False),
)
Index("kitchen_queue_by_time", kitchen_queue.c.requested_for, kitchen_queue.c.order_id)
kitchen_streams = stream_revisions("kitchen")

sales_daily = Table(
    "sales_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("orders", Integer, nullable=False),
    Column("revenue", BigInteger, nullable=False),
)
sales_items = Table(
    "sales_items",
    metadata,
    Column("day", Date, primary_key=True),
    Column("menu_item_id", Text, primary_key=True),
    Column("quantity", Integer, nullable=False),
    Column("revenue", BigInteger, nullable=False),
)
# What each paid order contributed, so a refund takes back exactly that.
sales_orders = Table(
    "sales_orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("lines", JSONB, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("paid_day", Date),
)
sales_streams = stream_revisions("sales")

menu_items = Table(
    "menu_items",
    metadata,
    Column("menu_item_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("price", BigInteger, nullable=False),
    Column("available", Boolean, nullable=False),
    Column("serving_styles", JSONB, nullable=False),
    Column("description", Text, nullable=False),
    Column("position", BigInteger, nullable=False),
)
menu_streams = stream_revisions("menu")

voice_orders = Table(
    "voice_orders",
    metadata,
    Column("voice_order_id", Uuid, primary_key=True),
    Column("customer_id", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("request_id", Uuid, nullable=False),
    Column("audio_ref", Text, nullable=False),
    Column("transcript", Text),
    Column("draft", JSONB),
    Column("confidence", Float),
    Column("order_id", Uuid),
    Column("failed_stage", Text),
    Column("failure_reason", Text),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("position", BigInteger, nullable=False),
)
voice_streams = stream_revisions("voice_orders")

users = Table(
    "users",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    Column("email", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("phone", Text),
    Column("role", Text, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("position", BigInteger, nullable=False),
)
# One account per address, whatever its case; forgotten users all read "[redacted]".
Index(
    "users_by_email",
    func.lower(users.c.email),
    unique=True,
    postgresql_where=users.c.email != REDACTED,
)
Index("users_by_registered", users.c.registered_at, users.c.user_id)
Index("users_by_role", users.c.role, users.c.registered_at, users.c.user_id)
users_streams = stream_revisions("users")

projector_checkpoints = Table(
    "projector_checkpoints",
    metadata,
    Column("name", Text, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
