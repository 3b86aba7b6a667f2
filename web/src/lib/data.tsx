"use client";
// TanStack Query for the screens that read from the APIs in the browser. It wraps those
// screens rather than the whole app, so a page rendered on the server (the menu) ships
// without it; one client per browser tab keeps the cache across those screens.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { ApiError } from "@/lib/api/problem";

function retry(failures: number, error: unknown): boolean {
  // A refusal (4xx) will not change by asking again; an outage might.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failures < 2;
}

function newClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry, staleTime: 5_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

let browserClient: QueryClient | undefined;

function client(): QueryClient {
  // On the server every render gets its own (nothing is shared between requests).
  if (typeof window === "undefined") return newClient();
  browserClient ??= newClient();
  return browserClient;
}

export function Data({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={client()}>{children}</QueryClientProvider>;
}
