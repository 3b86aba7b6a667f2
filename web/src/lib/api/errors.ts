// A failed request in words a person understands. The API's problem+json says what went
// wrong in a developer's terms ("cannot confirm when confirmed", 412 revision-mismatch);
// the screens say what it means for the person looking at them, in their language.
import { ApiError } from "@/lib/api/problem";
import type { MessageKey, Translate } from "@/lib/i18n/messages";
import { isOrderStatus } from "@/lib/orders/status";

/** What the person was doing, where the same status means different things. */
export type ErrorContext = "login" | "signup" | "upload" | "users" | "order" | "general";

// The decider's verb in "cannot <verb> when <status>" and the status it would have led to.
const ACTIONS: Record<string, { key: MessageKey; leadsTo?: string }> = {
  pay: { key: "action.pay", leadsTo: "paid" },
  confirm: { key: "action.confirm", leadsTo: "confirmed" },
  "start cooking": { key: "action.start-cooking", leadsTo: "cooking" },
  "mark ready": { key: "action.ready", leadsTo: "ready" },
  dispatch: { key: "action.dispatch", leadsTo: "dispatched" },
  deliver: { key: "action.deliver", leadsTo: "delivered" },
  reject: { key: "action.reject", leadsTo: "rejected" },
  cancel: { key: "action.cancel", leadsTo: "cancelled" },
  "change the items": { key: "action.change-items" },
  "request a cake design": { key: "action.cake-design" },
};

const BY_CODE: Record<string, MessageKey> = {
  "invalid-credentials": "error.badLogin",
  "invalid-refresh-token": "error.signedOut",
  email_taken: "error.emailTaken",
  user_exists: "error.emailTaken",
  invalid_email: "error.badEmail",
  weak_password: "error.weakPassword",
  last_admin: "error.lastAdmin",
  user_not_found: "error.userNotFound",
  already_paid: "error.alreadyPaid",
  amount_mismatch: "error.amountMismatch",
  "concurrent-update": "error.concurrentUpdate",
  delivery_missing: "error.deliveryMissing",
  delivery_time_in_past: "error.deliveryInPast",
  item_unavailable: "error.itemUnavailable",
  unknown_menu_item: "error.itemUnavailable",
  no_items: "error.noItems",
  quantity_out_of_range: "error.quantity",
  too_many_lines: "error.tooManyLines",
  style_not_offered: "error.styleNotOffered",
  no_cake_on_order: "error.noCake",
  not_owner: "error.notYours",
  forbidden: "error.notYours",
  read_only: "error.readOnly",
  staff_only: "error.staffOnly",
  "order-not-found": "error.orderNotFound",
  order_not_found: "error.orderNotFound",
  "voice-order-not-found": "error.voiceOrderNotFound",
  voice_order_not_found: "error.voiceOrderNotFound",
  "stream-not-found": "error.streamNotFound",
  menu_item_exists: "error.menuItemExists",
  menu_item_not_found: "error.menuItemNotFound",
  price_not_positive: "error.price",
  price_too_high: "error.price",
  serving_styles_required: "error.stylesRequired",
  "rebuild-running": "error.rebuildRunning",
  unsupported_audio: "error.unsupportedAudio",
  "unsupported-audio": "error.unsupportedAudio",
  "invalid-cursor": "error.invalidCursor",
  "invalid-range": "error.invalidRange",
};

function transition(error: ApiError, t: Translate): string | null {
  const found = /cannot (.+) when (\w+)/.exec(error.problem.detail ?? "");
  if (!found) return null;
  const [, verb = "", status = ""] = found;
  const action = ACTIONS[verb];
  const statusWord = isOrderStatus(status) ? t(`status.${status}`).toLowerCase() : status;
  if (action?.leadsTo === status) return t("error.alreadyDone", { status: statusWord });
  if (!action) return t("error.wrongStatus", { status: statusWord });
  return t("error.cannotNow", { action: t(action.key), status: statusWord });
}

function validation(error: ApiError, t: Translate): string {
  const fields = (error.problem.errors ?? [])
    .map((issue) => issue.loc.filter((part) => part !== "body").join("."))
    .filter((field) => field.length > 0);
  if (fields.length === 0) return t("error.invalid");
  return t("error.invalidFields", { fields: [...new Set(fields)].join(", ") });
}

function byStatus(error: ApiError, t: Translate, context: ErrorContext): string {
  switch (error.status) {
    case 0:
      return t("error.network");
    case 401:
      return context === "login" ? t("error.badLogin") : t("error.signedOut");
    case 403:
      return t("error.forbidden");
    case 404:
      return t("error.notFound");
    case 409:
      if (context === "signup") return t("error.emailTaken");
      if (context === "users") return t("error.lastAdmin");
      return transition(error, t) ?? t("error.conflict");
    case 412:
      return t("error.changedMeanwhile");
    case 413:
      return t("error.tooLarge");
    case 415:
      return t("error.unsupportedAudio");
    case 422:
      if (context === "signup") return t("error.weakSignup");
      return validation(error, t);
    case 429:
      return error.retryAfter
        ? t("error.tooManyWait", { seconds: error.retryAfter })
        : t("error.tooMany");
    case 502:
    case 503:
    case 504:
      return t("error.unavailable");
    default:
      return error.problem.correlation_id
        ? t("error.serverRef", { ref: error.problem.correlation_id })
        : t("error.server");
  }
}

export function describeError(
  error: unknown,
  t: Translate,
  context: ErrorContext = "general",
): string {
  if (!(error instanceof ApiError)) return t("error.unexpected");
  if (error.status === 403 && error.code === "forbidden-role") return t("error.forbidden");
  if (error.status === 409 && error.code === "invalid_transition") {
    return transition(error, t) ?? t("error.conflict");
  }
  const known = BY_CODE[error.code];
  if (known) return t(known);
  return byStatus(error, t, context);
}
