// What a serving style adds to a dinner's price. The menu read model carries each dinner's
// base price and its styles but not these differences, which the order decider keeps in
// domain/pricing.py (SERVING_STYLE_SURCHARGE); keep the two equal. The order's total is still
// always the server's: the cart shows this figure, the placed order shows the server's.
export type ServingStyle = "simple" | "grand" | "deluxe";
export const SERVING_STYLES: readonly ServingStyle[] = ["simple", "grand", "deluxe"];

export const STYLE_SURCHARGE: Readonly<Record<ServingStyle, number>> = {
  simple: 0,
  grand: 10_000,
  deluxe: 20_000,
};

export function isServingStyle(value: unknown): value is ServingStyle {
  return value === "simple" || value === "grand" || value === "deluxe";
}
