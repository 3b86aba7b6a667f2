"use client";
// The interactive part of a menu card: the serving style, the quantity and "add to cart".
import { useState, type FormEvent } from "react";

import type { MenuItemView } from "@/lib/api/types";
import { unitPrice } from "@/lib/cart/cart";
import { useCart } from "@/lib/cart/provider";
import { formatKrw, formatKrwDifference } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { STYLE_SURCHARGE, isServingStyle, type ServingStyle } from "@/lib/menu/styles";

function useAdd(item: MenuItemView, name: string) {
  const { add } = useCart();
  const [added, setAdded] = useState(false);
  return {
    added,
    submit(event: FormEvent<HTMLFormElement>, style: ServingStyle | null) {
      event.preventDefault();
      const quantity = Number(new FormData(event.currentTarget).get("quantity"));
      add({ menu_item_id: item.menu_item_id, quantity, serving_style: style });
      setAdded(true);
    },
  };
}

function Added({ name, shown }: { name: string; shown: boolean }) {
  const { t } = useI18n();
  return (
    <p role="status" className="added">
      {shown ? t("menu.added", { name }) : null}
    </p>
  );
}

export function AddDinner({ item, name }: { item: MenuItemView; name: string }) {
  const { t, locale } = useI18n();
  const styles = item.serving_styles.filter(isServingStyle);
  const [style, setStyle] = useState<ServingStyle | null>(styles[0] ?? null);
  const { added, submit } = useAdd(item, name);
  return (
    <form className="stack" onSubmit={(event) => submit(event, style)}>
      <fieldset className="styles">
        <legend>{t("menu.style")}</legend>
        {styles.map((choice) => (
          <label key={choice} className="choice">
            <input
              type="radio"
              name={`style-${item.menu_item_id}`}
              value={choice}
              checked={style === choice}
              onChange={() => setStyle(choice)}
            />
            <span>
              {t(`style.${choice}`)}{" "}
              <span className="muted">
                {formatKrw(unitPrice(item, choice), locale)}
                {STYLE_SURCHARGE[choice] ? ` (${formatKrwDifference(STYLE_SURCHARGE[choice], locale)})` : ""}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="row wrap">
        <label className="field field-inline">
          <span>{t("common.quantity")}</span>
          <input
            name="quantity"
            type="number"
            className="quantity"
            min={1}
            max={99}
            defaultValue={1}
            required
            aria-label={t("menu.quantityOf", { name })}
          />
        </label>
        <button className="button nowrap" type="submit">
          {t("menu.addToCart")}
        </button>
      </div>
      <Added name={name} shown={added} />
    </form>
  );
}

export function AddExtra({ item, name }: { item: MenuItemView; name: string }) {
  const { t } = useI18n();
  const { added, submit } = useAdd(item, name);
  return (
    <form className="row wrap" onSubmit={(event) => submit(event, null)}>
      <input
        name="quantity"
        type="number"
        min={1}
        max={99}
        defaultValue={1}
        required
        className="quantity"
        aria-label={t("menu.quantityOf", { name })}
      />
      <button className="button button-secondary" type="submit" aria-label={`${t("menu.add")}: ${name}`}>
        {t("menu.add")}
      </button>
      <Added name={name} shown={added} />
    </form>
  );
}
