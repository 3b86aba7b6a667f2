// The order lifecycle as the screens need it: what each role may do in each status. It mirrors
// the order decider (domain/order.py) and the command API's roles (only `staff` runs the
// kitchen; customers act on their own orders); the server still decides, and a button shown
// here that the server refuses explains itself through the problem+json it gets back.
export const ORDER_STATUSES = [
  "placed",
  "paid",
  "confirmed",
  "cooking",
  "ready",
  "dispatched",
  "delivered",
  "rejected",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type Role = "customer" | "staff" | "admin" | "auditor";
export const ROLES: readonly Role[] = ["customer", "staff", "admin", "auditor"];

export type OrderAction =
  | "pay"
  | "change-items"
  | "cake-design"
  | "cancel"
  | "confirm"
  | "reject"
  | "start-cooking"
  | "ready"
  | "dispatch"
  | "deliver";

const BEFORE_COOKING: readonly string[] = ["placed", "paid", "confirmed"];
const BEFORE_DISPATCH: readonly string[] = [...BEFORE_COOKING, "cooking", "ready"];
export const TERMINAL: readonly string[] = ["delivered", "rejected", "cancelled"];

const KITCHEN_STEP: Readonly<Record<string, OrderAction>> = {
  paid: "confirm",
  confirmed: "start-cooking",
  cooking: "ready",
  ready: "dispatch",
  dispatched: "deliver",
};

/** The actions offered for an order in `status` to someone with `role`, the main one first. */
export function allowedActions(
  status: string,
  role: Role,
  options: { hasCake?: boolean } = {},
): OrderAction[] {
  const actions: OrderAction[] = [];
  if (role === "customer") {
    if (status === "placed") actions.push("pay");
    if (options.hasCake && !TERMINAL.includes(status)) actions.push("cake-design");
    if (BEFORE_COOKING.includes(status)) actions.push("cancel");
    return actions;
  }
  if (role === "staff") {
    const step = KITCHEN_STEP[status];
    if (step) actions.push(step);
    if (BEFORE_COOKING.includes(status)) actions.push("reject");
    if (BEFORE_DISPATCH.includes(status)) actions.push("cancel");
  }
  return actions;
}

/** Actions that need a reason or a courier typed in before they are sent. */
export function needsText(action: OrderAction): "reason" | "courier" | null {
  if (action === "reject" || action === "cancel") return "reason";
  if (action === "dispatch") return "courier";
  return null;
}

/** The status an order event leaves the order in (a live update names only its type). */
export function statusAfter(eventType: string): OrderStatus | null {
  const after: Record<string, OrderStatus> = {
    OrderPlaced: "placed",
    OrderPaid: "paid",
    OrderConfirmed: "confirmed",
    OrderRejected: "rejected",
    CookingStarted: "cooking",
    OrderReady: "ready",
    OrderDispatched: "dispatched",
    OrderDelivered: "delivered",
    OrderCancelled: "cancelled",
  };
  return after[eventType] ?? null;
}

/** The command API path of an order action. */
export function actionPath(orderId: string, action: OrderAction): string {
  if (action === "change-items") return `/api/orders/${orderId}/items`;
  return `/api/orders/${orderId}/${action}`;
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
