import { describe, expect, it } from "vitest";

import { addLine, priceCart, setQuantity, type CartLine, type MenuEntry } from "@/lib/cart/cart";
import { formatKrw, formatKrwDifference } from "@/lib/i18n/format";

const menu: MenuEntry[] = [
  { menu_item_id: "french_dinner", name: "French Dinner", kind: "dinner", price: 70_000, available: true, serving_styles: ["simple", "grand", "deluxe"] },
  { menu_item_id: "champagne_feast_dinner", name: "Champagne Feast Dinner", kind: "dinner", price: 120_000, available: true, serving_styles: ["grand", "deluxe"] },
  { menu_item_id: "cake", name: "Cake", kind: "extra", price: 25_000, available: true, serving_styles: [] },
  { menu_item_id: "wine", name: "Wine", kind: "extra", price: 30_000, available: false, serving_styles: [] },
];

describe("the cart total", () => {
  it("adds each serving style's difference to the dinner's price, per unit", () => {
    const lines: CartLine[] = [
      { menu_item_id: "french_dinner", quantity: 2, serving_style: "grand" },
      { menu_item_id: "cake", quantity: 1, serving_style: null },
    ];
    const cart = priceCart(lines, menu);
    expect(cart.lines.map((line) => line.unitPrice)).toEqual([80_000, 25_000]);
    expect(cart.total).toBe(2 * 80_000 + 25_000);
    expect(cart.itemCount).toBe(3);
    expect(cart.orderable).toBe(true);
  });

  it("counts a sold-out item for nothing and refuses to order it", () => {
    const cart = priceCart(
      [
        { menu_item_id: "french_dinner", quantity: 1, serving_style: "deluxe" },
        { menu_item_id: "wine", quantity: 2, serving_style: null },
      ],
      menu,
    );
    expect(cart.total).toBe(90_000);
    expect(cart.lines[1]?.unavailable).toBe(true);
    expect(cart.orderable).toBe(false);
  });

  it("treats a style the dinner is not served in, or an item gone from the menu, as unavailable", () => {
    const cart = priceCart(
      [
        { menu_item_id: "champagne_feast_dinner", quantity: 1, serving_style: "simple" },
        { menu_item_id: "retired_dish", quantity: 1, serving_style: null },
      ],
      menu,
    );
    expect(cart.lines.every((line) => line.unavailable)).toBe(true);
    expect(cart.total).toBe(0);
  });

  it("merges the same item and style, keeps other styles apart, and drops a line set to zero", () => {
    let lines = addLine([], { menu_item_id: "french_dinner", quantity: 1, serving_style: "grand" });
    lines = addLine(lines, { menu_item_id: "french_dinner", quantity: 2, serving_style: "grand" });
    lines = addLine(lines, { menu_item_id: "french_dinner", quantity: 1, serving_style: "simple" });
    expect(lines).toEqual([
      { menu_item_id: "french_dinner", quantity: 3, serving_style: "grand" },
      { menu_item_id: "french_dinner", quantity: 1, serving_style: "simple" },
    ]);
    lines = setQuantity(lines, { menu_item_id: "french_dinner", quantity: 0, serving_style: "grand" }, 0);
    expect(lines).toHaveLength(1);
    expect(setQuantity(lines, lines[0]!, 500)[0]?.quantity).toBe(99);
  });
});

describe("KRW for each language", () => {
  it("writes won the way each language does", () => {
    expect(formatKrw(185_000, "en")).toBe("₩185,000");
    expect(formatKrw(185_000, "ko")).toBe("185,000원");
  });

  it("signs a price difference and shows none for zero", () => {
    expect(formatKrwDifference(10_000, "en")).toBe("+₩10,000");
    expect(formatKrwDifference(20_000, "ko")).toBe("+20,000원");
    expect(formatKrwDifference(0, "en")).toBe("");
  });
});
