import { describe, expect, it } from "vitest";

import { diff } from "@/lib/audit/diff";

describe("what changed between two points of an order's history", () => {
  it("names each changed leaf and leaves out the fields that always move", () => {
    const before = { status: "placed", total: 80_000, items: [{ quantity: 1 }], revision: 0, paid_amount: null };
    const after = { status: "paid", total: 80_000, items: [{ quantity: 1 }], revision: 1, paid_amount: 80_000 };
    expect(diff(before, after, ["revision"])).toEqual([
      { path: "status", before: "placed", after: "paid" },
      { path: "paid_amount", before: null, after: 80_000 },
    ]);
  });

  it("sees a line added to a list", () => {
    expect(diff({ items: [] }, { items: [{ menu_item_id: "cake" }] })).toEqual([
      { path: "items", before: [], after: undefined },
      { path: "items.0.menu_item_id", before: undefined, after: "cake" },
    ]);
  });
});
