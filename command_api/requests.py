"""Request bodies of the command API, as DESIGN.md names their fields.

Only shapes and types are checked here; business rules (quantities, menu items, amounts) are
the domain's, so each rule is decided and worded in one place.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from api_common.instants import Instant
from api_common.text import NO_NUL
from schemas.values import MenuItemKind, RequestedLine, ServingStyle

ShortText = Annotated[str, Field(min_length=1, max_length=500, pattern=NO_NUL)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]
Note = Annotated[str, Field(max_length=500, pattern=NO_NUL)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderLineIn(Body):
    menu_item_id: Identifier
    quantity: StrictInt
    serving_style: ServingStyle | None = None

    def requested(self) -> RequestedLine:
        return RequestedLine(
            menu_item_id=self.menu_item_id,
            quantity=self.quantity,
            serving_style=self.serving_style,
        )


class DeliveryIn(Body):
    address: ShortText
    requested_for: Instant


class PlaceOrderIn(Body):
    items: Annotated[list[OrderLineIn], Field(max_length=100)]
    delivery: DeliveryIn
    note: Note | None = None


class ChangeItemsIn(Body):
    items: Annotated[list[OrderLineIn], Field(max_length=100)]


class PayIn(Body):
    payment_ref: ShortText
    amount: StrictInt


class ReasonIn(Body):
    reason: ShortText


class DispatchIn(Body):
    courier: ShortText


class CakeDesignIn(Body):
    prompt: Annotated[str, Field(min_length=3, max_length=500, pattern=NO_NUL)]


class AcceptVoiceOrderIn(Body):
    """Fills what the spoken order left open; the draft's own values win otherwise."""

    delivery: DeliveryIn | None = None
    note: Note | None = None


class AddMenuItemIn(Body):
    menu_item_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    name: ShortText
    kind: MenuItemKind
    price: StrictInt
    available: StrictBool = True
    serving_styles: list[ServingStyle] = Field(default_factory=list)
    description: Annotated[str, Field(max_length=1000, pattern=NO_NUL)] = ""


class ChangeMenuItemIn(Body):
    price: StrictInt | None = None
    available: StrictBool | None = None
    name: ShortText | None = None
