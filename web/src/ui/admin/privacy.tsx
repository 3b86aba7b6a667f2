"use client";
// Forgetting a customer: their keys are destroyed, so their personal data is gone for good.
// The id is typed twice, because there is no undo.
import { useState, type FormEvent } from "react";

import type { CustomerForgotten } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { RoleGate } from "@/ui/admin/gate";
import { ErrorNotice, Note, Success } from "@/ui/shared/feedback";

function Forget() {
  const { t } = useI18n();
  const { call } = useAuth();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState<CustomerForgotten | null>(null);

  async function forget(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const id = String(data.get("customer_id")).trim();
    if (id !== String(data.get("confirm_id")).trim()) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setPending(true);
    setError(null);
    try {
      setDone(await call<CustomerForgotten>(`/api/admin/customers/${encodeURIComponent(id)}/forget`, { method: "POST" }));
      form.reset();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <h1>{t("privacy.title")}</h1>
      <Note>{t("privacy.intro")}</Note>
      <form className="stack narrow" onSubmit={(event) => void forget(event)} aria-busy={pending}>
        <label className="field">
          <span>{t("privacy.customerId")}</span>
          <input name="customer_id" required maxLength={200} autoComplete="off" />
        </label>
        <label className="field">
          <span>{t("privacy.confirmId")}</span>
          <input name="confirm_id" required maxLength={200} autoComplete="off" aria-invalid={mismatch || undefined} />
        </label>
        {mismatch ? (
          <p className="notice notice-error" role="alert">
            {t("privacy.mismatch")}
          </p>
        ) : null}
        <ErrorNotice error={error} />
        <button type="submit" className="button button-danger" disabled={pending}>
          {pending ? t("privacy.forgetting") : t("privacy.forget")}
        </button>
      </form>
      {done ? (
        <Success>
          {t("privacy.done", {
            id: done.customer_id,
            keys: done.keys_destroyed,
            streams: done.streams_reprojected,
            events: done.events_reprojected,
            recordings: done.recordings_deleted,
          })}
        </Success>
      ) : null}
    </>
  );
}

export function PrivacyScreen() {
  return (
    <RoleGate roles={["admin"]}>
      <Forget />
    </RoleGate>
  );
}
