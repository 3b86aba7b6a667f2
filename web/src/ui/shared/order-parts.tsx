"use client";
// Pieces of an order that customers and staff see alike.
import type { OrderDetail, OrderView } from "@/lib/api/types";
import { useI18n } from "@/lib/i18n/provider";
import { itemName } from "@/lib/menu/names";
import { isOrderStatus } from "@/lib/orders/status";
import { Money, When } from "@/ui/shared/values";

const HAPPY_PATH = ["placed", "paid", "confirmed", "cooking", "ready", "dispatched", "delivered"] as const;

export function ItemsTable({ order }: { order: OrderView }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{t("common.items")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("common.items")}</th>
            <th scope="col" className="numeric">
              {t("common.quantity")}
            </th>
            <th scope="col" className="numeric">
              {t("common.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((line, index) => (
            <tr key={`${line.menu_item_id}-${index}`}>
              <th scope="row">
                {itemName(line.menu_item_id, line.name, locale)}
                {line.serving_style && isStyle(line.serving_style) ? (
                  <span className="muted block">
                    {t("cart.lineStyle", { style: t(`style.${line.serving_style}`) })}
                  </span>
                ) : null}
              </th>
              <td className="numeric">{line.quantity}</td>
              <td className="numeric">
                <Money amount={line.line_total} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t("common.total")}
            </th>
            <td className="numeric total" data-testid="order-total">
              <Money amount={order.total} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function isStyle(value: string): value is "simple" | "grand" | "deluxe" {
  return value === "simple" || value === "grand" || value === "deluxe";
}

/** The lifecycle as steps, the current one marked. */
export function Progress({ status }: { status: string }) {
  const { t } = useI18n();
  const reached = HAPPY_PATH.indexOf(status as (typeof HAPPY_PATH)[number]);
  if (reached < 0) return null;
  return (
    <ol className="progress" aria-label={t("common.status")}>
      {HAPPY_PATH.map((step, index) => (
        <li
          key={step}
          className={index < reached ? "done" : index === reached ? "current" : "todo"}
          aria-current={index === reached ? "step" : undefined}
        >
          {t(`status.${step}`)}
        </li>
      ))}
    </ol>
  );
}

export function History({ order }: { order: OrderDetail }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t("orders.history")}</h2>
      <ol className="timeline">
        {order.status_history.map((change) => (
          <li key={change.revision}>
            <strong>{isOrderStatus(change.status) ? t(`status.${change.status}`) : change.status}</strong>{" "}
            <When iso={change.at} />
          </li>
        ))}
      </ol>
    </section>
  );
}

export function DeliveryFacts({ order }: { order: OrderView }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <div>
        <dt>{t("cart.address")}</dt>
        <dd>{order.delivery.address}</dd>
      </div>
      <div>
        <dt>{t("cart.requestedFor")}</dt>
        <dd>
          <When iso={order.delivery.requested_for} />
        </dd>
      </div>
      {order.courier ? (
        <div>
          <dt>{t("common.courier")}</dt>
          <dd>{order.courier}</dd>
        </div>
      ) : null}
      {order.closing_reason ? (
        <div>
          <dt>{t("common.reason")}</dt>
          <dd>{order.closing_reason}</dd>
        </div>
      ) : null}
      {order.note ? (
        <div>
          <dt>{t("cart.note")}</dt>
          <dd>{order.note}</dd>
        </div>
      ) : null}
    </dl>
  );
}
