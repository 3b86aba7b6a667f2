"""Commands on an order. `actor_id`/`actor_role` appear where the rule depends on who acts."""

from __future__ import annotations

from typing import TypeAlias
from uuid import UUID

from pydantic import AwareDatetime

from schemas.commands.base import Command
from schemas.values import Delivery, MenuState, RequestedLine
from schemas.vocabulary import Role


class PlaceOrder(Command):
    """`menu` is the current menu snapshot: the domain prices the lines itself."""

    order_id: UUID
    customer_id: str
    lines: tuple[RequestedLine, ...]
    delivery: Delivery
    note: str | None = None
    menu: MenuState
    at: AwareDatetime


class ChangeOrderItems(Command):
    order_id: UUID
    lines: tuple[RequestedLine, ...]
    menu: MenuState
    actor_id: str
    actor_role: Role
    at: AwareDatetime


class PayOrder(Command):
    order_id: UUID
    payment_ref: str
    amount: int
    actor_id: str
    actor_role: Role
    at: AwareDatetime


class ConfirmOrder(Command):
    order_id: UUID
    at: AwareDatetime


class RejectOrder(Command):
    order_id: UUID
    reason: str
    actor_role: Role
    at: AwareDatetime


class StartCooking(Command):
    order_id: UUID
    at: AwareDatetime


class MarkOrderReady(Command):
    order_id: UUID
    at: AwareDatetime


class DispatchOrder(Command):
    order_id: UUID
    courier: str
    at: AwareDatetime


class DeliverOrder(Command):
    order_id: UUID
    at: AwareDatetime


class CancelOrder(Command):
    order_id: UUID
    reason: str
    actor_id: str
    actor_role: Role
    at: AwareDatetime


class RequestCakeDesign(Command):
    """`request_id` is minted by the caller so the AI result can be matched to it."""

    order_id: UUID
    request_id: UUID
    prompt: str
    actor_id: str
    actor_role: Role
    at: AwareDatetime


class RecordCakeDesign(Command):
    order_id: UUID
    request_id: UUID
    image_url: str
    at: AwareDatetime


class FailCakeDesign(Command):
    order_id: UUID
    request_id: UUID
    reason: str
    at: AwareDatetime


OrderCommand: TypeAlias = (
    PlaceOrder
    | ChangeOrderItems
    | PayOrder
    | ConfirmOrder
    | RejectOrder
    | StartCooking
    | MarkOrderReady
    | DispatchOrder
    | DeliverOrder
    | CancelOrder
    | RequestCakeDesign
    | RecordCakeDesign
    | FailCakeDesign
)
