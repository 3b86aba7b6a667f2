"use client";
// The customer's orders, newest first, each with its live status.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import type { OrderPage, OrderView } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { useLive } from "@/lib/live/socket";
import { TERMINAL, statusAfter } from "@/lib/orders/status";
import { SignInFirst } from "@/ui/shared/auth-forms";
import { ErrorNotice, Loading } from "@/ui/shared/feedback";
import { Money, StatusBadge, When, shortId } from "@/ui/shared/values";

function Row({ order }: { order: OrderView }) {
  const { t } = useI18n();
  const [live, setLive] = useState<{ status: string; position: number } | null>(null);
  const active = !TERMINAL.includes(order.status);
  useLive(
    `/ws/orders/${order.order_id}`,
    (update) => {
      const status = statusAfter(update.type);
      if (status && update.position > order.position) setLive({ status, position: update.position });
    },
    active,
  );
  const status = live && live.position > order.position ? live.status : order.status;
  return (
    <li className="order-row">
      <Link href={`/customer/orders/${order.order_id}`} className="order-link">
        {t("common.orderNumber", { id: shortId(order.order_id) })}
      </Link>
      <StatusBadge status={status} />
      <span>
        <Money amount={order.total} />
      </span>
      <span className="muted">
        <When iso={order.placed_at} />
      </span>
    </li>
  );
}

export function MyOrdersScreen() {
  const { t } = useI18n();
  const { session, call } = useAuth();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const orders = useQuery({
    queryKey: ["my-orders", cursor],
    queryFn: ({ signal }) => call<OrderPage>("/api/orders", { query: { limit: 20, cursor }, signal }),
    enabled: session.status === "signed-in",
  });
  if (session.status === "anonymous") return <SignInFirst area="customer" />;
  const items = orders.data?.items ?? [];
  return (
    <>
      <h1>{t("orders.title")}</h1>
      {orders.isPending ? <Loading /> : null}
      <ErrorNotice error={orders.error} onRetry={() => void orders.refetch()} />
      {orders.isSuccess && items.length === 0 ? (
        <p>
          {t("orders.none")} <Link href="/customer">{t("cart.browse")}</Link>
        </p>
      ) : null}
      <ul className="order-list">
        {items.map((order) => (
          <Row key={order.order_id} order={order} />
        ))}
      </ul>
      <div className="row">
        {cursors.length > 1 ? (
          <button type="button" className="button button-secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            {t("common.previous")}
          </button>
        ) : null}
        {orders.data?.next_cursor ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setCursors([...cursors, orders.data?.next_cursor ?? null])}
          >
            {t("common.next")}
          </button>
        ) : null}
      </div>
    </>
  );
}
