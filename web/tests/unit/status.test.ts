import { describe, expect, it } from "vitest";

import { allowedActions, needsText, statusAfter } from "@/lib/orders/status";

describe("what each status allows", () => {
  it("lets a customer pay a placed order and cancel until cooking starts", () => {
    expect(allowedActions("placed", "customer")).toEqual(["pay", "cancel"]);
    expect(allowedActions("paid", "customer")).toEqual(["cancel"]);
    expect(allowedActions("confirmed", "customer")).toEqual(["cancel"]);
    expect(allowedActions("cooking", "customer")).toEqual([]);
  });

  it("offers a cake design only on an open order with a cake", () => {
    expect(allowedActions("cooking", "customer", { hasCake: true })).toEqual(["cake-design"]);
    expect(allowedActions("delivered", "customer", { hasCake: true })).toEqual([]);
  });

  it("gives staff the next kitchen step first, then reject and cancel while allowed", () => {
    expect(allowedActions("paid", "staff")).toEqual(["confirm", "reject", "cancel"]);
    expect(allowedActions("confirmed", "staff")).toEqual(["start-cooking", "reject", "cancel"]);
    expect(allowedActions("cooking", "staff")).toEqual(["ready", "cancel"]);
    expect(allowedActions("ready", "staff")).toEqual(["dispatch", "cancel"]);
    expect(allowedActions("dispatched", "staff")).toEqual(["deliver"]);
    expect(allowedActions("placed", "staff")).toEqual(["reject", "cancel"]);
  });

  it("offers nothing on a closed order, and nothing to admins and auditors, who only look", () => {
    for (const status of ["delivered", "rejected", "cancelled"]) {
      expect(allowedActions(status, "staff")).toEqual([]);
      expect(allowedActions(status, "customer")).toEqual([]);
    }
    expect(allowedActions("paid", "admin")).toEqual([]);
    expect(allowedActions("paid", "auditor")).toEqual([]);
  });

  it("asks for a reason or a courier where the API needs one", () => {
    expect(needsText("reject")).toBe("reason");
    expect(needsText("cancel")).toBe("reason");
    expect(needsText("dispatch")).toBe("courier");
    expect(needsText("confirm")).toBeNull();
  });

  it("reads the status a live event leaves the order in", () => {
    expect(statusAfter("CookingStarted")).toBe("cooking");
    expect(statusAfter("OrderDispatched")).toBe("dispatched");
    expect(statusAfter("CakeDesignGenerated")).toBeNull();
  });
});
