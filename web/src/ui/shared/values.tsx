"use client";
// Small pieces that show one value the same way on every screen.
import { formatDateTime, formatKrw } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import type { LiveState } from "@/lib/live/socket";
import { isOrderStatus } from "@/lib/orders/status";

export function Money({ amount }: { amount: number }) {
  const { locale } = useI18n();
  return <span className="money">{formatKrw(amount, locale)}</span>;
}

export function When({ iso }: { iso: string }) {
  const { locale } = useI18n();
  return <time dateTime={iso}>{formatDateTime(iso, locale)}</time>;
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-testid={testId} data-status={status}>
      {isOrderStatus(status) ? t(`status.${status}`) : status}
    </span>
  );
}

export function LiveBadge({ state }: { state: LiveState }) {
  const { t } = useI18n();
  const live = state === "live";
  return (
    <span className={`live ${live ? "live-on" : "live-off"}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      {live ? t("common.live") : t("common.connecting")}
    </span>
  );
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
