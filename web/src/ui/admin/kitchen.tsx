"use client";
// The kitchen board: paid orders waiting for confirmation, then confirmed → cooking → ready →
// dispatched, newest at the top of each column. The dashboard WebSocket moves a card as soon
// as its event arrives; the columns are then read again to pick up new orders and details.
import { useQueries, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";

import type { KitchenQueue, OrderAccepted, OrderPage, OrderView } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { itemName } from "@/lib/menu/names";
import { useLive } from "@/lib/live/socket";
import { allowedActions, statusAfter } from "@/lib/orders/status";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading, Note } from "@/ui/shared/feedback";
import { OrderActions } from "@/ui/shared/order-actions";
import { LiveBadge, When, shortId } from "@/ui/shared/values";

const COLUMNS = ["paid", "confirmed", "cooking", "ready", "dispatched"] as const;
type Column = (typeof COLUMNS)[number];

export interface Card {
  order_id: string;
  status: string;
  requested_for: string;
  placed_at: string;
  items: { menu_item_id: string; name: string; quantity: number; serving_style?: string | null }[];
  note: string | null;
  position: number;
}

function fromOrder(order: OrderView): Card {
  return { ...order, requested_for: order.delivery.requested_for };
}

interface Moved {
  status: string;
  position: number;
}

/** The board's cards by column: each order once, at its newest known status, newest first. */
export function arrange(cards: readonly Card[], moved: ReadonlyMap<string, Moved>): Record<Column, Card[]> {
  const byId = new Map<string, Card>();
  for (const card of cards) {
    const known = byId.get(card.order_id);
    if (!known || card.position > known.position) byId.set(card.order_id, card);
  }
  const columns = Object.fromEntries(COLUMNS.map((column) => [column, [] as Card[]])) as Record<Column, Card[]>;
  for (const card of byId.values()) {
    const move = moved.get(card.order_id);
    const current = move && move.position > card.position ? { ...card, status: move.status } : card;
    if ((COLUMNS as readonly string[]).includes(current.status)) columns[current.status as Column].push(current);
  }
  for (const column of COLUMNS) columns[column].sort((a, b) => b.placed_at.localeCompare(a.placed_at));
  return columns;
}

function Ticket({ card, staff, onMoved }: { card: Card; staff: boolean; onMoved: (result: OrderAccepted) => void }) {
  const { t, locale } = useI18n();
  const headingId = `ticket-${card.order_id}`;
  return (
    <li>
      <article className="ticket" aria-labelledby={headingId} data-status={card.status}>
        <h3 id={headingId}>{t("common.orderNumber", { id: shortId(card.order_id) })}</h3>
        <p className="muted">
          {t("cart.requestedFor")}: <When iso={card.requested_for} />
        </p>
        <ul className="ticket-items">
          {card.items.map((line, index) => (
            <li key={`${line.menu_item_id}-${index}`}>
              {line.quantity}× {itemName(line.menu_item_id, line.name, locale)}
              {line.serving_style ? ` · ${t(`style.${line.serving_style as "simple"}`)}` : ""}
            </li>
          ))}
        </ul>
        {card.note ? <p className="ticket-note">“{card.note}”</p> : null}
        {staff ? (
          <OrderActions
            compact
            orderId={card.order_id}
            actions={allowedActions(card.status, "staff")}
            onDone={onMoved}
          />
        ) : null}
        <Link
          href={`/admin/orders/${card.order_id}`}
          className="small-link"
          aria-label={`${t("kitchen.details")}: ${t("common.orderNumber", { id: shortId(card.order_id) })}`}
        >
          {t("kitchen.details")}
        </Link>
      </article>
    </li>
  );
}

function Board() {
  const { t } = useI18n();
  const { call, user } = useAuth();
  const client = useQueryClient();
  const [moved, setMoved] = useState<Map<string, Moved>>(new Map());
  const timers = useRef<number[]>([]);

  const lists = useQueries({
    queries: [
      ...(["paid", "ready", "dispatched"] as const).map((status) => ({
        queryKey: ["kitchen", status],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          call<OrderPage>("/api/orders", { query: { status, limit: 50 }, signal }).then((page) =>
            page.items.map(fromOrder),
          ),
      })),
      {
        queryKey: ["kitchen", "queue"],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          call<KitchenQueue>("/api/kitchen/queue", { signal }).then((queue) => queue.items),
      },
    ],
  });

  const move = useCallback((orderId: string, next: Moved) => {
    setMoved((current) => {
      const known = current.get(orderId);
      if (known && known.position >= next.position) return current;
      return new Map(current).set(orderId, next);
    });
  }, []);

  const reread = useCallback(() => {
    // Read the columns again soon (the projection may be a moment behind the event) and once
    // more a little later, rather than once per event when events come in bursts.
    for (const timer of timers.current) window.clearTimeout(timer);
    timers.current = [300, 1500].map((delay) =>
      window.setTimeout(() => void client.invalidateQueries({ queryKey: ["kitchen"] }), delay),
    );
  }, [client]);
  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);

  const socket = useLive("/ws/dashboard", (update) => {
    if (!update.stream_id.startsWith("order-")) return;
    const status = statusAfter(update.type);
    if (status) move(update.stream_id.slice("order-".length), { status, position: update.position });
    reread();
  });

  const error = lists.find((list) => list.error)?.error;
  const columns = arrange(lists.flatMap((list) => list.data ?? []), moved);
  const staff = user?.role === "staff";
  return (
    <>
      <div className="title-row">
        <h1>{t("kitchen.title")}</h1>
        <LiveBadge state={socket} />
      </div>
      {!staff && !error ? <Note>{t("kitchen.readOnly")}</Note> : null}
      <ErrorNotice error={error} onRetry={() => void client.invalidateQueries({ queryKey: ["kitchen"] })} />
      {lists.some((list) => list.isPending) ? <Loading /> : null}
      {error ? null : (
        <div className="board">
          {COLUMNS.map((column) => (
            <section key={column} className="column" aria-labelledby={`column-${column}`} data-column={column}>
              <h2 id={`column-${column}`}>
                {t(`kitchen.column.${column}`)} <span className="count">{columns[column].length}</span>
              </h2>
              {columns[column].length === 0 ? <p className="muted">{t("kitchen.empty")}</p> : null}
              <ul className="tickets">
                {columns[column].map((card) => (
                  <Ticket
                    key={card.order_id}
                    card={card}
                    staff={staff}
                    onMoved={(result) => {
                      move(result.order_id, { status: result.status, position: result.position });
                      reread();
                    }}
                  />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </>
  );
}

export function KitchenScreen() {
  return (
    <SignedIn>
      <Board />
    </SignedIn>
  );
}
