"use client";
// The cart and checkout: lines priced from the current menu, the total as the server prices
// it (POST /api/orders/quote, nothing stored), delivery, and placing the order.
// The Idempotency-Key belongs to the order being placed, so a double click or a retry after
// a lost response places one order; a changed cart is a different order with a new key.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import type { OrderAccepted, OrderQuote, PlaceOrderIn } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { orderItems, priceCart, type PricedLine } from "@/lib/cart/cart";
import { useCart } from "@/lib/cart/provider";
import { seoulLocalDefault, seoulLocalToIso } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { itemName } from "@/lib/menu/names";
import { newKey } from "@/lib/ids";
import { useMenu } from "@/ui/customer/use-menu";
import { SignInFirst } from "@/ui/shared/auth-forms";
import { ErrorNotice, Loading } from "@/ui/shared/feedback";
import { Money } from "@/ui/shared/values";

function Line({ line }: { line: PricedLine }) {
  const { t, locale } = useI18n();
  const { setQuantity, remove } = useCart();
  const name = itemName(line.menu_item_id, line.name, locale);
  return (
    <tr className={line.unavailable ? "unavailable" : undefined}>
      <th scope="row">
        {name}
        {line.serving_style ? (
          <span className="muted block">
            {t("cart.lineStyle", { style: t(`style.${line.serving_style}`) })}
          </span>
        ) : null}
        {line.unavailable ? <span className="warning block">{t("cart.unavailable")}</span> : null}
      </th>
      <td>
        <input
          type="number"
          className="quantity"
          min={0}
          max={99}
          value={line.quantity}
          aria-label={t("menu.quantityOf", { name })}
          onChange={(event) => setQuantity(line, Number(event.target.value))}
        />
      </td>
      <td className="numeric">
        <Money amount={line.unitPrice} />
      </td>
      <td className="numeric">
        <Money amount={line.lineTotal} />
      </td>
      <td>
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => remove(line)}
          aria-label={`${t("common.remove")}: ${name}`}
        >
          {t("common.remove")}
        </button>
      </td>
    </tr>
  );
}

export function CartScreen() {
  const { t } = useI18n();
  const { lines, clear } = useCart();
  const { session, call } = useAuth();
  const menu = useMenu();
  const router = useRouter();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const priced = priceCart(lines, menu.data?.items ?? []);
  const items = orderItems(lines);
  // The server's price for exactly these lines; the menu-based figure shows until it answers.
  const quote = useQuery({
    queryKey: ["quote", items],
    queryFn: ({ signal }) =>
      call<OrderQuote>("/api/orders/quote", { method: "POST", body: { items }, signal }),
    enabled: session.status === "signed-in" && priced.orderable,
    retry: false,
  });
  const total = quote.data?.total ?? priced.total;

  async function place(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const note = String(form.get("note") ?? "").trim();
    const body: PlaceOrderIn = {
      items,
      delivery: {
        address: String(form.get("address")),
        requested_for: seoulLocalToIso(String(form.get("requested_for"))),
      },
      ...(note ? { note } : {}),
    };
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: newKey() };
    setPending(true);
    setError(null);
    try {
      const placed = await call<OrderAccepted>("/api/orders", {
        method: "POST",
        body,
        idempotencyKey: attempt.current.key,
      });
      attempt.current = null;
      clear();
      router.push(`/customer/orders/${placed.order_id}?expected=${total}`);
    } catch (caught) {
      setError(caught);
      setPending(false);
    }
  }

  if (lines.length === 0) {
    return (
      <>
        <h1>{t("cart.title")}</h1>
        <p>{t("cart.empty")}</p>
        <Link className="button" href="/customer">
          {t("cart.browse")}
        </Link>
      </>
    );
  }

  return (
    <>
      <h1>{t("cart.title")}</h1>
      {menu.isPending ? <Loading /> : null}
      <ErrorNotice error={menu.error} onRetry={() => void menu.refetch()} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t("cart.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("common.items")}</th>
              <th scope="col">{t("common.quantity")}</th>
              <th scope="col" className="numeric">
                {t("common.price")}
              </th>
              <th scope="col" className="numeric">
                {t("common.total")}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {priced.lines.map((line) => (
              <Line key={`${line.menu_item_id}:${line.serving_style ?? ""}`} line={line} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t("common.total")}
              </th>
              <td className="numeric total" data-testid="cart-total" aria-busy={quote.isFetching}>
                <Money amount={total} />
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="note" role="status">
        {quote.data ? t("cart.totalQuoted") : t("cart.totalNote")}
      </p>

      <section aria-labelledby="delivery">
        <h2 id="delivery">{t("cart.delivery")}</h2>
        {session.status === "anonymous" ? (
          <>
            <p>{t("cart.signInToOrder")}</p>
            <SignInFirst area="customer" />
          </>
        ) : (
          <form className="stack" onSubmit={(event) => void place(event)} aria-busy={pending}>
            <label className="field">
              <span>{t("cart.address")}</span>
              <input name="address" autoComplete="street-address" required maxLength={500} />
            </label>
            <label className="field">
              <span>{t("cart.requestedFor")}</span>
              <input
                name="requested_for"
                type="datetime-local"
                required
                defaultValue={seoulLocalDefault(new Date())}
              />
            </label>
            <label className="field">
              <span>{t("cart.note")}</span>
              <textarea name="note" maxLength={500} rows={2} />
            </label>
            <ErrorNotice error={error} context="order" />
            <button
              className="button button-large"
              type="submit"
              disabled={pending || !priced.orderable || session.status !== "signed-in"}
            >
              {pending ? t("cart.placing") : t("cart.place")}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
