"use client";
// How screens show waiting, failure and success: always in words, always announced.
import type { ReactNode } from "react";

import { describeError, type ErrorContext } from "@/lib/api/errors";
import { ApiError } from "@/lib/api/problem";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </p>
  );
}

/** Worth asking again: nothing came back, the server failed or asked for patience. A refusal
 * (403), an absence (404) or a conflict will not change by itself. */
function retriable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function ErrorNotice({
  error,
  context,
  onRetry,
}: {
  error: unknown;
  context?: ErrorContext;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  if (!error) return null;
  const refused = error instanceof ApiError && error.status === 403 && user;
  return (
    <div className="notice notice-error" role="alert" data-status={error instanceof ApiError ? error.status : undefined}>
      <p>{describeError(error, t, context)}</p>
      {refused ? <p>{t("admin.signedInAs", { role: t(`role.${user.role}`) })}</p> : null}
      {onRetry && retriable(error) ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      ) : null}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-success" role="status">
      {children}
    </p>
  );
}

export function Note({ children }: { children: ReactNode }) {
  return <p className="note">{children}</p>;
}
