"use client";
// The cart's lines, kept in this browser (localStorage) until the order is placed.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { addLine, removeLine, setQuantity, type CartLine } from "@/lib/cart/cart";
import { isServingStyle } from "@/lib/menu/styles";

const KEY = "dinner.cart.v1";

interface Cart {
  lines: CartLine[];
  add: (line: CartLine) => void;
  setQuantity: (line: CartLine, quantity: number) => void;
  remove: (line: CartLine) => void;
  clear: () => void;
}

const CartContext = createContext<Cart | null>(null);

function stored(): CartLine[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((item: unknown): CartLine[] => {
      if (!item || typeof item !== "object") return [];
      const { menu_item_id, quantity, serving_style } = item as Record<string, unknown>;
      if (typeof menu_item_id !== "string" || typeof quantity !== "number") return [];
      return [{ menu_item_id, quantity, serving_style: isServingStyle(serving_style) ? serving_style : null }];
    });
  } catch {
    return [];
  }
}

export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<CartLine[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    setLines(stored());
    setLoaded(true);
    const onStorage = (event: StorageEvent) => {
      if (event.key === KEY) setLines(stored());
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  useEffect(() => {
    if (loaded) localStorage.setItem(KEY, JSON.stringify(lines));
  }, [lines, loaded]);

  const add = useCallback((line: CartLine) => setLines((now) => addLine(now, line)), []);
  const change = useCallback(
    (line: CartLine, quantity: number) => setLines((now) => setQuantity(now, line, quantity)),
    [],
  );
  const remove = useCallback((line: CartLine) => setLines((now) => removeLine(now, line)), []);
  const clear = useCallback(() => setLines([]), []);
  const value = useMemo(
    () => ({ lines, add, setQuantity: change, remove, clear }),
    [lines, add, change, remove, clear],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): Cart {
  const value = useContext(CartContext);
  if (!value) throw new Error("useCart outside CartProvider");
  return value;
}
