"use client";
// One order, kept current: read from the query API, then moved by each live event. An event
// names only its type and position; the status it implies shows at once, and the order is
// read again with `min_position` so the rest of it (history, totals) catches up too.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useState } from "react";

import type { OrderDetail } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useLive, type LiveState } from "@/lib/live/socket";
import { statusAfter } from "@/lib/orders/status";

interface Seen {
  status: string | null;
  position: number;
  revision: number | null;
}

export interface LiveOrder {
  order: OrderDetail | undefined;
  status: string | undefined;
  /** The revision a command may name in If-Match: the newest this page knows of. */
  revision: number | undefined;
  isPending: boolean;
  error: unknown;
  refetch: () => void;
  socket: LiveState;
  /** After this page's own command: the order it left, read back at its position. */
  wrote: (result: { status: string; revision: number; position: number }) => void;
}

export function useLiveOrder(orderId: string): LiveOrder {
  const { call, session } = useAuth();
  const signedIn = session.status === "signed-in";
  const [seen, setSeen] = useState<Seen | null>(null);

  const minPosition = seen?.position;
  const query = useQuery({
    queryKey: ["order", orderId, minPosition ?? null],
    queryFn: ({ signal }) =>
      call<OrderDetail>(`/api/orders/${orderId}`, { query: { min_position: minPosition }, signal }),
    enabled: signedIn,
    placeholderData: keepPreviousData,
  });

  const advance = useCallback((next: Seen) => {
    setSeen((previous) => (!previous || next.position > previous.position ? next : previous));
  }, []);

  const socket = useLive(
    `/ws/orders/${orderId}`,
    (update) =>
      advance({ status: statusAfter(update.type), position: update.position, revision: update.revision }),
    signedIn,
  );

  const order = query.data;
  const newer = seen && (!order || seen.position > order.position) ? seen : null;
  return {
    order,
    status: newer?.status ?? order?.status,
    revision: newer?.revision ?? order?.revision,
    isPending: query.isPending,
    error: query.error,
    refetch: () => void query.refetch(),
    socket,
    wrote: (result) =>
      advance({ status: result.status, position: result.position, revision: result.revision }),
  };
}
