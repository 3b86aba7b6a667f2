"use client";
// Live updates over the query API's WebSockets (`/ws/orders/{id}`, `/ws/dashboard`), on this
// page's own origin. The token goes in `?token=` (a browser cannot set headers on a
// WebSocket). A socket that closes is opened again with a growing delay; a close for an
// expired or revoked token (4401) first gets a fresh token.
import { useEffect, useRef, useState } from "react";

import { useAuth } from "@/lib/auth/session";

export interface LiveUpdate {
  event_id: string;
  stream_id: string;
  type: string;
  revision: number;
  position: number;
  recorded_at: string;
}

export type LiveState = "connecting" | "live" | "closed" | "forbidden";

const UNAUTHENTICATED = 4401;
const FORBIDDEN = 4403;
const MAX_DELAY_MS = 10_000;

export function socketUrl(path: string, token: string): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${path}?token=${encodeURIComponent(token)}`;
}

function isUpdate(value: unknown): value is LiveUpdate {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as LiveUpdate).type === "string" &&
    typeof (value as LiveUpdate).position === "number"
  );
}

/** Calls `onUpdate` for each event on `path` while `enabled`; returns the socket's state. */
export function useLive(
  path: string | null,
  onUpdate: (update: LiveUpdate) => void,
  enabled = true,
): LiveState {
  const { freshToken } = useAuth();
  const [state, setState] = useState<LiveState>("connecting");
  const handler = useRef(onUpdate);
  handler.current = onUpdate;

  useEffect(() => {
    if (!path || !enabled) return;
    let socket: WebSocket | null = null;
    let timer: number | undefined;
    let stopped = false;
    let delay = 500;
    const seen = new Set<string>();

    let renew = false;
    const open = async () => {
      const token = await freshToken(renew);
      renew = false;
      if (stopped) return;
      if (!token) {
        setState("closed");
        return;
      }
      setState("connecting");
      socket = new WebSocket(socketUrl(path, token));
      socket.onmessage = (message) => {
        let data: unknown;
        try {
          data = JSON.parse(String(message.data));
        } catch {
          return;
        }
        if (typeof data === "object" && data && (data as { type?: unknown }).type === "subscribed") {
          delay = 500;
          setState("live");
          return;
        }
        // Delivery is at least once: drop an event already seen.
        if (!isUpdate(data) || seen.has(data.event_id)) return;
        seen.add(data.event_id);
        handler.current(data);
      };
      socket.onclose = (event) => {
        if (stopped) return;
        if (event.code === FORBIDDEN) {
          setState("forbidden");
          return;
        }
        setState("connecting");
        renew = event.code === UNAUTHENTICATED;
        timer = window.setTimeout(() => void open(), delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      };
    };
    void open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      socket?.close(1000);
    };
  }, [path, enabled, freshToken]);

  return state;
}
