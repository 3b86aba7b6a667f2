"""The menu, for anyone: dinners then extras, each by name."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from projections.tables import menu_items
from query_api.deps import Engine

router = APIRouter(prefix="/api/menu", tags=["menu"])


class MenuItemView(BaseModel):
    menu_item_id: str
    name: str
    kind: str
    price: int
    available: bool
    serving_styles: list[str]
    description: str


class MenuView(BaseModel):
    items: list[MenuItemView]


@router.get("")
async def menu(engine: Engine) -> MenuView:
    c = menu_items.c
    query = select(menu_items).order_by(c.kind, c.name, c.menu_item_id)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).mappings().all()
    return MenuView(items=[MenuItemView.model_validate(dict(row)) for row in rows])
