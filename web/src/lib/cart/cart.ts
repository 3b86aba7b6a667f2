// The cart: lines the customer picked, priced against the menu as it is now. Pure functions;
// the cart provider keeps the lines in localStorage.
import { STYLE_SURCHARGE, type ServingStyle } from "@/lib/menu/styles";

export interface MenuEntry {
  menu_item_id: string;
  name: string;
  kind: string;
  price: number;
  available: boolean;
  serving_styles: string[];
}

export interface CartLine {
  menu_item_id: string;
  quantity: number;
  serving_style: ServingStyle | null;
}

export interface PricedLine extends CartLine {
  name: string;
  unitPrice: number;
  lineTotal: number;
  /** The item left the menu or is sold out: it cannot be ordered and counts for nothing. */
  unavailable: boolean;
}

export interface PricedCart {
  lines: PricedLine[];
  total: number;
  itemCount: number;
  orderable: boolean;
}

export const MAX_QUANTITY = 99;
export const MAX_LINES = 20;

export function unitPrice(entry: MenuEntry, style: ServingStyle | null): number {
  return entry.price + (style ? STYLE_SURCHARGE[style] : 0);
}

export function priceCart(lines: readonly CartLine[], menu: readonly MenuEntry[]): PricedCart {
  const byId = new Map(menu.map((entry) => [entry.menu_item_id, entry]));
  const priced = lines.map((line): PricedLine => {
    const entry = byId.get(line.menu_item_id);
    const offered =
      entry !== undefined &&
      entry.available &&
      (line.serving_style === null || entry.serving_styles.includes(line.serving_style));
    const price = entry ? unitPrice(entry, line.serving_style) : 0;
    return {
      ...line,
      name: entry?.name ?? line.menu_item_id,
      unitPrice: price,
      lineTotal: offered ? price * line.quantity : 0,
      unavailable: !offered,
    };
  });
  const total = priced.reduce((sum, line) => sum + line.lineTotal, 0);
  const itemCount = priced.reduce((sum, line) => sum + (line.unavailable ? 0 : line.quantity), 0);
  const orderable =
    priced.length > 0 && priced.length <= MAX_LINES && priced.every((line) => !line.unavailable);
  return { lines: priced, total, itemCount, orderable };
}

function sameLine(a: CartLine, b: CartLine): boolean {
  return a.menu_item_id === b.menu_item_id && a.serving_style === b.serving_style;
}

function clamp(quantity: number): number {
  return Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
}

/** Adds to the line of the same item and style, or appends a new one. */
export function addLine(lines: readonly CartLine[], added: CartLine): CartLine[] {
  const existing = lines.find((line) => sameLine(line, added));
  if (!existing) return [...lines, { ...added, quantity: clamp(added.quantity) }];
  return lines.map((line) =>
    sameLine(line, added) ? { ...line, quantity: clamp(line.quantity + added.quantity) } : line,
  );
}

/** Sets a line's quantity; zero removes it. */
export function setQuantity(
  lines: readonly CartLine[],
  target: CartLine,
  quantity: number,
): CartLine[] {
  const next = clamp(quantity);
  return lines
    .map((line) => (sameLine(line, target) ? { ...line, quantity: next } : line))
    .filter((line) => line.quantity > 0);
}

export function removeLine(lines: readonly CartLine[], target: CartLine): CartLine[] {
  return lines.filter((line) => !sameLine(line, target));
}

/** The `items` of a PlaceOrder or ChangeItems request. */
export function orderItems(lines: readonly CartLine[]): CartLine[] {
  return lines.map(({ menu_item_id, quantity, serving_style }) => ({
    menu_item_id,
    quantity,
    serving_style,
  }));
}
