// Reading the query API from the Next server, for pages rendered there (the menu). The
// browser's requests go through src/proxy.ts; these go straight to QUERY_API_URL.

import { problemOf } from "@/lib/api/problem";

export async function serverRead<T>(path: string): Promise<T> {
  const base = process.env.QUERY_API_URL ?? "http://127.0.0.1:8002";
  const response = await fetch(new URL(path, base), {
    cache: "no-store",
    headers: { Accept: "application/json" },
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}
