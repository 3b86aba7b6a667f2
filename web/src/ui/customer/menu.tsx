// The menu, rendered on the server in the reader's language: dinners with their serving
// styles and what each costs, then extras; a sold-out item is greyed out and cannot be added.
// Only the add-to-cart forms run in the browser.
import type { MenuItemView, MenuView } from "@/lib/api/types";
import { serverRead } from "@/lib/api/server";
import { unitPrice } from "@/lib/cart/cart";
import { translate } from "@/lib/i18n/catalogues";
import { formatKrw, type Locale } from "@/lib/i18n/format";
import type { Translate } from "@/lib/i18n/messages";
import { itemName } from "@/lib/menu/names";
import { isServingStyle } from "@/lib/menu/styles";
import { AddDinner, AddExtra } from "@/ui/customer/add-to-cart";

function Dinner({ item, t, locale }: { item: MenuItemView; t: Translate; locale: Locale }) {
  const name = itemName(item.menu_item_id, item.name, locale);
  const styles = item.serving_styles.filter(isServingStyle);
  // What the dinner costs at the least, in the cheapest style it is served in.
  const from = styles.length ? Math.min(...styles.map((style) => unitPrice(item, style))) : item.price;
  return (
    <article className={`card${item.available ? "" : " sold-out"}`} aria-labelledby={`item-${item.menu_item_id}`}>
      <h3 id={`item-${item.menu_item_id}`}>{name}</h3>
      <p className="description">{item.description}</p>
      <p className="price">
        {styles.length > 0 ? <span className="from">{t("menu.from")} </span> : null}
        <span data-testid="price">{formatKrw(from, locale)}</span>
      </p>
      {item.available ? <AddDinner item={item} name={name} /> : <p className="sold-out-label">{t("menu.soldOut")}</p>}
    </article>
  );
}

function Extra({ item, t, locale }: { item: MenuItemView; t: Translate; locale: Locale }) {
  const name = itemName(item.menu_item_id, item.name, locale);
  return (
    <article className={`extra${item.available ? "" : " sold-out"}`} aria-labelledby={`item-${item.menu_item_id}`}>
      <div>
        <h3 id={`item-${item.menu_item_id}`}>{name}</h3>
        <p className="description">{item.description}</p>
      </div>
      <p className="price" data-testid="price">
        {formatKrw(item.price, locale)}
      </p>
      {item.available ? <AddExtra item={item} name={name} /> : <p className="sold-out-label">{t("menu.soldOut")}</p>}
    </article>
  );
}

async function readMenu(): Promise<MenuItemView[] | null> {
  try {
    return (await serverRead<MenuView>("/api/menu")).items;
  } catch {
    return null;
  }
}

export async function MenuScreen({ locale }: { locale: Locale }) {
  const t = translate(locale);
  const items = await readMenu();
  const dinners = items?.filter((item) => item.kind === "dinner") ?? [];
  const extras = items?.filter((item) => item.kind !== "dinner") ?? [];
  return (
    <>
      <h1>{t("menu.title")}</h1>
      <p className="lead">{t("menu.intro")}</p>
      {items === null ? (
        <div className="notice notice-error" role="alert">
          <p>{t("error.unavailable")}</p>
          <a className="button button-secondary" href="/customer">
            {t("common.reload")}
          </a>
        </div>
      ) : null}
      {items?.length === 0 ? <p>{t("menu.empty")}</p> : null}
      {dinners.length > 0 ? (
        <section aria-labelledby="dinners">
          <h2 id="dinners">{t("menu.dinners")}</h2>
          <div className="cards">
            {dinners.map((item) => (
              <Dinner key={item.menu_item_id} item={item} t={t} locale={locale} />
            ))}
          </div>
        </section>
      ) : null}
      {extras.length > 0 ? (
        <section aria-labelledby="extras">
          <h2 id="extras">{t("menu.extras")}</h2>
          <div className="extras">
            {extras.map((item) => (
              <Extra key={item.menu_item_id} item={item} t={t} locale={locale} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
