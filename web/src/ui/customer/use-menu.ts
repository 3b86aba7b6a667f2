"use client";
// The menu, read in the browser, for the screens that price against it (cart, voice order,
// menu editor). The menu page itself is rendered on the server.
import { useQuery } from "@tanstack/react-query";

import { request } from "@/lib/api/client";
import type { MenuView } from "@/lib/api/types";

export function useMenu() {
  return useQuery({
    queryKey: ["menu"],
    queryFn: ({ signal }) => request<MenuView>("/api/menu", { signal }),
  });
}
