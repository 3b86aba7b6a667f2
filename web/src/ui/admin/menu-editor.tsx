"use client";
// The menu editor: change a price, mark an item sold out or back, add an item. Each change is
// a MenuItemChanged or MenuItemAdded event; the menu read model follows a moment later, so
// the change shows here at once and the menu is read again shortly after.
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import type { AddMenuItemIn, MenuItemView, MenuItemWritten, MenuView } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { itemName } from "@/lib/menu/names";
import { SERVING_STYLES } from "@/lib/menu/styles";
import { useMenu } from "@/ui/customer/use-menu";
import { RoleGate } from "@/ui/admin/gate";
import { ErrorNotice, Loading, Success } from "@/ui/shared/feedback";

function useMenuWrite() {
  const { call } = useAuth();
  const client = useQueryClient();
  return async (path: string, method: "POST" | "PATCH", body: object, shown: (items: MenuItemView[]) => MenuItemView[]) => {
    const written = await call<MenuItemWritten>(path, { method, body });
    client.setQueryData<MenuView>(["menu"], (menu) => (menu ? { items: shown(menu.items) } : menu));
    window.setTimeout(() => void client.invalidateQueries({ queryKey: ["menu"] }), 1000);
    return written;
  };
}

function ItemRow({ item, onSaved }: { item: MenuItemView; onSaved: (name: string) => void }) {
  const { t, locale } = useI18n();
  const write = useMenuWrite();
  const [price, setPrice] = useState(String(item.price));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = itemName(item.menu_item_id, item.name, locale);

  async function change(patch: { price?: number; available?: boolean }) {
    setPending(true);
    setError(null);
    try {
      await write(`/api/menu/items/${item.menu_item_id}`, "PATCH", patch, (items) =>
        items.map((other) => (other.menu_item_id === item.menu_item_id ? { ...other, ...patch } : other)),
      );
      onSaved(name);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  function savePrice(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void change({ price: Number(price) });
  }

  return (
    <tr data-testid={`editor-${item.menu_item_id}`}>
      <th scope="row">
        {name}
        <span className="muted block">
          {item.menu_item_id} · {t(`menuEditor.kind.${item.kind === "dinner" ? "dinner" : "extra"}`)}
        </span>
        <ErrorNotice error={error} />
      </th>
      <td>
        <form className="row" onSubmit={savePrice}>
          <input
            type="number"
            min={1}
           
            className="price-input"
            value={price}
            onChange={(event) => setPrice(event.target.value)}
            aria-label={t("menuEditor.priceOf", { name })}
            required
          />
          <button
            type="submit"
            className="button button-small"
            disabled={pending || Number(price) === item.price}
            aria-label={`${t("menuEditor.savePrice")}: ${name}`}
          >
            {t("menuEditor.savePrice")}
          </button>
        </form>
      </td>
      <td>
        <span className={item.available ? "badge badge-confirmed" : "badge badge-cancelled"}>
          {item.available ? t("menuEditor.available") : t("menuEditor.unavailable")}
        </span>
      </td>
      <td>
        <button
          type="button"
          className={`button button-small ${item.available ? "button-danger" : "button-secondary"}`}
          disabled={pending}
          onClick={() => void change({ available: !item.available })}
          aria-label={`${item.available ? t("menuEditor.markUnavailable") : t("menuEditor.markAvailable")}: ${name}`}
        >
          {item.available ? t("menuEditor.markUnavailable") : t("menuEditor.markAvailable")}
        </button>
      </td>
    </tr>
  );
}

function AddItem({ onSaved }: { onSaved: (name: string) => void }) {
  const { t } = useI18n();
  const write = useMenuWrite();
  const [kind, setKind] = useState<"dinner" | "extra">("dinner");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body: AddMenuItemIn = {
      menu_item_id: String(data.get("menu_item_id")),
      name: String(data.get("name")),
      kind,
      price: Number(data.get("price")),
      available: true,
      serving_styles: kind === "dinner" ? (data.getAll("styles") as AddMenuItemIn["serving_styles"]) : [],
      description: String(data.get("description") ?? ""),
    };
    setPending(true);
    setError(null);
    try {
      await write("/api/menu/items", "POST", body, (items) => [
        ...items,
        { ...body, available: true, serving_styles: body.serving_styles ?? [], description: body.description ?? "" },
      ]);
      form.reset();
      onSaved(body.name);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack panel" onSubmit={(event) => void add(event)} aria-busy={pending}>
      <h2>{t("menuEditor.add")}</h2>
      <div className="grid-2">
        <label className="field">
          <span>{t("menuEditor.id")}</span>
          <input name="menu_item_id" required pattern="[a-z][a-z0-9_]{0,63}" />
        </label>
        <label className="field">
          <span>{t("menuEditor.name")}</span>
          <input name="name" required maxLength={500} />
        </label>
        <label className="field">
          <span>{t("menuEditor.kind")}</span>
          <select name="kind" value={kind} onChange={(event) => setKind(event.target.value as "dinner" | "extra")}>
            <option value="dinner">{t("menuEditor.kind.dinner")}</option>
            <option value="extra">{t("menuEditor.kind.extra")}</option>
          </select>
        </label>
        <label className="field">
          <span>{t("menuEditor.priceKrw")}</span>
          <input name="price" type="number" min={1} required />
        </label>
      </div>
      {kind === "dinner" ? (
        <fieldset className="styles">
          <legend>{t("menuEditor.styles")}</legend>
          {SERVING_STYLES.map((style) => (
            <label key={style} className="choice">
              <input type="checkbox" name="styles" value={style} defaultChecked />
              <span>{t(`style.${style}`)}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <label className="field">
        <span>{t("menuEditor.description")}</span>
        <textarea name="description" rows={2} maxLength={1000} />
      </label>
      <ErrorNotice error={error} />
      <button type="submit" className="button" disabled={pending}>
        {pending ? t("common.saving") : t("menuEditor.create")}
      </button>
    </form>
  );
}

function Editor() {
  const { t } = useI18n();
  const menu = useMenu();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <h1>{t("menuEditor.title")}</h1>
      <div aria-live="polite">{saved ? <Success>{t("menuEditor.saved", { name: saved })}</Success> : null}</div>
      {menu.isPending ? <Loading /> : null}
      <ErrorNotice error={menu.error} onRetry={() => void menu.refetch()} />
      {menu.data ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("menuEditor.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("menuEditor.name")}</th>
                <th scope="col">{t("common.price")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {menu.data.items.map((item) => (
                <ItemRow key={`${item.menu_item_id}:${item.price}:${item.available}`} item={item} onSaved={setSaved} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <AddItem onSaved={setSaved} />
    </>
  );
}

export function MenuEditorScreen() {
  return (
    <RoleGate roles={["admin"]}>
      <Editor />
    </RoleGate>
  );
}
