"use client";
// A voice order: record in the browser or upload a file, watch it being transcribed and
// understood, correct the draft, and confirm it into an order.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";

import type { OrderAccepted, VoiceOrderReceived, VoiceOrderView } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { priceCart } from "@/lib/cart/cart";
import { isoToSeoulLocal, seoulLocalDefault, seoulLocalToIso } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { itemName } from "@/lib/menu/names";
import { isServingStyle, type ServingStyle } from "@/lib/menu/styles";
import { useMenu } from "@/ui/customer/use-menu";
import { SignInFirst } from "@/ui/shared/auth-forms";
import { ErrorNotice, Loading } from "@/ui/shared/feedback";
import { Money } from "@/ui/shared/values";

const STEPS = ["submitted", "transcribed", "interpreted", "accepted"] as const;
const WORKING = ["submitted", "transcribed"];
const LOW_CONFIDENCE = 0.6;

interface DraftLine {
  menu_item_id: string;
  quantity: number;
  serving_style: ServingStyle | null;
}

function draftLines(view: VoiceOrderView): DraftLine[] {
  const items = (view.draft as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((raw: unknown): DraftLine[] => {
    if (!raw || typeof raw !== "object") return [];
    const { menu_item_id, quantity, serving_style } = raw as Record<string, unknown>;
    if (typeof menu_item_id !== "string" || typeof quantity !== "number") return [];
    return [{ menu_item_id, quantity, serving_style: isServingStyle(serving_style) ? serving_style : null }];
  });
}

function draftText(view: VoiceOrderView, field: "address" | "requested_for"): string | null {
  const value = (view.draft as Record<string, unknown> | null)?.[field];
  return typeof value === "string" && value ? value : null;
}

function Recorder({ onAudio, disabled }: { onAudio: (audio: Blob, name: string) => void; disabled: boolean }) {
  const { t } = useI18n();
  const [supported, setSupported] = useState(false);
  const [recording, setRecording] = useState<MediaRecorder | null>(null);
  const [seconds, setSeconds] = useState(0);
  const [denied, setDenied] = useState(false);
  const chunks = useRef<Blob[]>([]);

  useEffect(() => {
    setSupported(typeof MediaRecorder !== "undefined" && !!navigator.mediaDevices?.getUserMedia);
  }, []);
  useEffect(() => {
    if (!recording) return;
    const timer = window.setInterval(() => setSeconds((value) => value + 1), 1000);
    return () => window.clearInterval(timer);
  }, [recording]);

  async function start() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const recorder = new MediaRecorder(stream);
      chunks.current = [];
      recorder.ondataavailable = (event) => chunks.current.push(event.data);
      recorder.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        const type = recorder.mimeType || "audio/webm";
        onAudio(new Blob(chunks.current, { type }), type.includes("ogg") ? "order.ogg" : "order.webm");
      };
      recorder.start();
      setSeconds(0);
      setRecording(recorder);
    } catch {
      setDenied(true);
    }
  }

  function stop() {
    recording?.stop();
    setRecording(null);
  }

  if (!supported) return <p className="note">{t("voice.noMic")}</p>;
  return (
    <div className="stack">
      {recording ? (
        <>
          <p role="status" className="recording">
            <span className="live-dot" aria-hidden="true" /> {t("voice.recording", { seconds })}
          </p>
          <button type="button" className="button button-large" onClick={stop}>
            {t("voice.stop")}
          </button>
        </>
      ) : (
        <button type="button" className="button button-large" onClick={() => void start()} disabled={disabled}>
          {t("voice.record")}
        </button>
      )}
      {denied ? <p className="warning">{t("voice.micDenied")}</p> : null}
    </div>
  );
}

function Steps({ status }: { status: string }) {
  const { t } = useI18n();
  const reached = STEPS.indexOf(status as (typeof STEPS)[number]);
  return (
    <ol className="progress" aria-label={t("voice.progress")} data-testid="voice-steps">
      {STEPS.map((step, index) => (
        <li
          key={step}
          className={index < reached ? "done" : index === reached ? "current" : "todo"}
          aria-current={index === reached ? "step" : undefined}
        >
          {t(`voice.step.${step}`)}
        </li>
      ))}
    </ol>
  );
}

function Draft({ view }: { view: VoiceOrderView }) {
  const { t, locale } = useI18n();
  const { call } = useAuth();
  const router = useRouter();
  const menu = useMenu();
  const [lines, setLines] = useState<DraftLine[]>(() => draftLines(view));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const names = new Map((menu.data?.items ?? []).map((item) => [item.menu_item_id, item.name]));
  const draftAddress = draftText(view, "address");
  const draftTime = draftText(view, "requested_for");
  const confidence = view.confidence ?? 0;

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const kept = lines.filter((line) => line.quantity > 0);
    setPending(true);
    setError(null);
    try {
      const placed = await call<OrderAccepted>(`/api/voice-orders/${view.voice_order_id}/accept`, {
        method: "POST",
        body: {
          delivery: {
            address: String(form.get("address")),
            requested_for: seoulLocalToIso(String(form.get("requested_for"))),
          },
        },
      });
      // The draft becomes the order as heard; the customer's corrections follow as a change
      // of items while it is still only placed.
      if (JSON.stringify(kept) !== JSON.stringify(draftLines(view))) {
        await call<OrderAccepted>(`/api/orders/${placed.order_id}/items`, {
          method: "PUT",
          body: { items: kept },
          ifMatch: placed.revision,
        });
      }
      router.push(`/customer/orders/${placed.order_id}`);
    } catch (caught) {
      setError(caught);
      setPending(false);
    }
  }

  return (
    <>
      <section aria-labelledby="transcript" className="panel">
        <h2 id="transcript">{t("voice.transcript")}</h2>
        <blockquote data-testid="transcript">{view.transcript}</blockquote>
        <p className={confidence < LOW_CONFIDENCE ? "warning" : "muted"}>
          {confidence < LOW_CONFIDENCE
            ? t("voice.lowConfidence")
            : t("voice.confidence", { percent: `${Math.round(confidence * 100)}%` })}
        </p>
      </section>
      <form className="stack panel" onSubmit={(event) => void confirm(event)} aria-busy={pending}>
        <h2>{t("voice.draft")}</h2>
        {lines.length === 0 ? <p className="warning">{t("voice.noItems")}</p> : null}
        <ul className="draft-lines">
          {lines.map((line, index) => {
            const name = itemName(line.menu_item_id, names.get(line.menu_item_id) ?? line.menu_item_id, locale);
            return (
              <li key={`${line.menu_item_id}-${index}`} className="row">
                <label className="field field-inline grow">
                  <span>
                    {name}
                    {line.serving_style ? ` · ${t(`style.${line.serving_style}`)}` : ""}
                  </span>
                  <input
                    type="number"
                    className="quantity"
                    min={0}
                    max={99}
                    value={line.quantity}
                    aria-label={t("menu.quantityOf", { name })}
                    onChange={(event) =>
                      setLines(lines.map((other, i) => (i === index ? { ...other, quantity: Number(event.target.value) } : other)))
                    }
                  />
                </label>
              </li>
            );
          })}
        </ul>
        <p className="draft-total">
          {t("common.total")}: <Money amount={priceCart(lines.filter((line) => line.quantity > 0), menu.data?.items ?? []).total} />
        </p>
        <label className="field">
          <span>{t("cart.address")}</span>
          <input name="address" required maxLength={500} defaultValue={draftAddress ?? ""} autoComplete="street-address" />
        </label>
        <label className="field">
          <span>{t("cart.requestedFor")}</span>
          <input
            name="requested_for"
            type="datetime-local"
            required
            defaultValue={draftTime ? isoToSeoulLocal(draftTime) : seoulLocalDefault(new Date())}
          />
        </label>
        <ErrorNotice error={error} context="order" />
        <button
          type="submit"
          className="button button-large"
          disabled={pending || lines.every((line) => line.quantity <= 0)}
        >
          {pending ? t("voice.confirming") : t("voice.confirm")}
        </button>
      </form>
    </>
  );
}

export function VoiceScreen() {
  const { t } = useI18n();
  const { session, call } = useAuth();
  const [voiceOrderId, setVoiceOrderId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);

  const view = useQuery({
    queryKey: ["voice-order", voiceOrderId],
    queryFn: ({ signal }) => call<VoiceOrderView>(`/api/voice-orders/${voiceOrderId}`, { signal }),
    enabled: voiceOrderId !== null,
    // The AI worker takes seconds per stage; look again until it is done with the recording.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === undefined || WORKING.includes(status) ? 1000 : false;
    },
    retry: (failures, caught) => failures < 10 && (caught as { status?: number }).status === 404,
  });

  async function send(audio: Blob, name: string) {
    const form = new FormData();
    form.append("audio", audio, name);
    setSending(true);
    setError(null);
    try {
      const received = await call<VoiceOrderReceived>("/api/voice-orders", { method: "POST", form });
      setVoiceOrderId(received.voice_order_id);
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file) void send(file, file.name);
  }

  if (session.status === "anonymous") return <SignInFirst area="customer" />;
  const current = view.data;
  return (
    <>
      <h1>{t("voice.title")}</h1>
      {voiceOrderId === null ? (
        <>
          <p className="lead">{t("voice.intro")}</p>
          <Recorder onAudio={(audio, name) => void send(audio, name)} disabled={sending} />
          <form className="stack panel" onSubmit={upload} aria-busy={sending}>
            <label className="field">
              <span>{t("voice.upload")}</span>
              <input
                type="file"
                name="audio"
                accept="audio/*,.wav,.mp3,.ogg,.flac,.webm"
                aria-describedby="upload-hint"
                onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              />
              <small id="upload-hint">{t("voice.uploadHint")}</small>
            </label>
            <button type="submit" className="button button-secondary" disabled={!file || sending}>
              {sending ? t("voice.sending") : t("voice.send")}
            </button>
          </form>
          <ErrorNotice error={error} context="upload" />
        </>
      ) : (
        <>
          {current ? <Steps status={current.status} /> : null}
          {!current || WORKING.includes(current.status) ? <Loading label={t("voice.working")} /> : null}
          <ErrorNotice error={view.error} onRetry={() => void view.refetch()} />
          {current?.status === "failed" ? (
            <div className="notice notice-error" role="alert">
              <p>
                {t("voice.failed", { stage: current.failed_stage ?? "", reason: current.failure_reason ?? "" })}
              </p>
            </div>
          ) : null}
          {current?.status === "interpreted" ? <Draft view={current} /> : null}
          {current?.status === "accepted" && current.order_id ? (
            <p>
              {t("voice.accepted")} <Link href={`/customer/orders/${current.order_id}`}>{t("voice.openOrder")}</Link>
            </p>
          ) : null}
          {current?.status === "failed" || current?.status === "accepted" ? (
            <button type="button" className="button button-secondary" onClick={() => setVoiceOrderId(null)}>
              {t("voice.again")}
            </button>
          ) : null}
        </>
      )}
    </>
  );
}
