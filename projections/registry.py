"""Every read model the projector maintains, by name."""

from __future__ import annotations

from projections.kitchen import KitchenModel
from projections.menu import MenuModel
from projections.model import ReadModel
from projections.orders import OrdersModel
from projections.sales import SalesModel
from projections.users import UsersModel
from projections.voice_orders import VoiceOrdersModel

READ_MODELS: tuple[ReadModel, ...] = (
    OrdersModel(),
    KitchenModel(),
    SalesModel(),
    MenuModel(),
    VoiceOrdersModel(),
    UsersModel(),
)


def read_models(names: list[str] | None = None) -> tuple[ReadModel, ...]:
    if not names:
        return READ_MODELS
    known = {model.name: model for model in READ_MODELS}
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise KeyError(f"unknown read models {unknown}; known: {sorted(known)}")
    return tuple(known[name] for name in names)
