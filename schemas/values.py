"""Value objects shared by commands and events: menu entries, requested lines, delivery."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

ServingStyle = Literal["simple", "grand", "deluxe"]
MenuItemKind = Literal["dinner", "extra"]


class FrozenModel(BaseModel):
    """Immutable and strict about unknown fields: a typo in a payload fails loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RequestedLine(FrozenModel):
    """One line as a customer (or a voice draft) asks for it, before any pricing."""

    menu_item_id: str
    quantity: int
    serving_style: ServingStyle | None = None


class Delivery(FrozenModel):
    address: str
    requested_for: AwareDatetime


class MenuEntry(FrozenModel):
    """A menu item as the menu aggregate knows it; prices in integer KRW."""

    menu_item_id: str
    name: str
    kind: MenuItemKind
    price: int
    available: bool = True
    serving_styles: tuple[ServingStyle, ...] = ()
    description: str = ""


class MenuState(FrozenModel):
    """The menu folded from its stream; also the snapshot an order is priced against."""

    items: dict[str, MenuEntry] = Field(default_factory=dict)
