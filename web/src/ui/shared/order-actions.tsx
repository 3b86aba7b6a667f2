"use client";
// The buttons an order's status allows its viewer, and the reason or courier some need.
import { useState, type FormEvent } from "react";

import type { OrderAccepted } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { actionPath, needsText, type OrderAction } from "@/lib/orders/status";
import { ErrorNotice } from "@/ui/shared/feedback";

export function OrderActions({
  orderId,
  actions,
  revision,
  onDone,
  compact = false,
}: {
  orderId: string;
  actions: readonly OrderAction[];
  revision?: number;
  onDone: (result: OrderAccepted) => void;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const { call } = useAuth();
  const [asking, setAsking] = useState<OrderAction | null>(null);
  const [pending, setPending] = useState<OrderAction | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function send(action: OrderAction, text?: string) {
    setPending(action);
    setError(null);
    const kind = needsText(action);
    try {
      const result = await call<OrderAccepted>(actionPath(orderId, action), {
        method: "POST",
        body: kind === "reason" ? { reason: text } : kind === "courier" ? { courier: text } : undefined,
        ifMatch: revision,
      });
      setAsking(null);
      onDone(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(null);
    }
  }

  function submitText(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!asking) return;
    const text = String(new FormData(event.currentTarget).get("text") ?? "").trim();
    void send(asking, text);
  }

  const size = compact ? " button-small" : "";
  return (
    <div className="actions">
      <div className="row wrap">
        {actions.map((action, index) => {
          const style = index === 0 && action !== "cancel" && action !== "reject" ? "" : action === "cancel" || action === "reject" ? " button-danger" : " button-secondary";
          return (
            <button
              key={action}
              type="button"
              className={`button${style}${size}`}
              disabled={pending !== null}
              aria-expanded={needsText(action) ? asking === action : undefined}
              onClick={() => (needsText(action) ? setAsking(asking === action ? null : action) : void send(action))}
            >
              {pending === action ? t("common.saving") : t(`action.${action}`)}
            </button>
          );
        })}
      </div>
      {asking ? (
        <form className="row wrap ask" onSubmit={submitText}>
          <label className="field field-inline">
            <span>{needsText(asking) === "courier" ? t("common.courier") : t("common.reason")}</span>
            <input name="text" required maxLength={500} autoFocus />
          </label>
          <button className={`button${size}`} type="submit" disabled={pending !== null}>
            {t(`action.${asking}`)}
          </button>
          <button className={`button button-secondary${size}`} type="button" onClick={() => setAsking(null)}>
            {t("common.cancel")}
          </button>
        </form>
      ) : null}
      <ErrorNotice error={error} context="order" />
    </div>
  );
}
