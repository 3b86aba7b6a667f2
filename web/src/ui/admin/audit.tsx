"use client";
// The auditor's screens: the global event log, one stream with its hash chain, and an order
// rebuilt "as of" any point of its history with what changed between two points.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import type { HistoryPage, OrderAsOf, RecordedEvent, StreamPage, Verification } from "@/lib/api/types";
import { diff, shown } from "@/lib/audit/diff";
import { useAuth } from "@/lib/auth/session";
import { isoToSeoulLocal, seoulLocalToIso } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading } from "@/ui/shared/feedback";
import { Money, StatusBadge, When } from "@/ui/shared/values";

function streamHref(streamId: string): string {
  return `/admin/audit/streams/${encodeURIComponent(streamId)}`;
}

function Hash({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className="hash" title={value}>
      {value.slice(0, 12)}…
    </code>
  );
}

export function VerificationResult({ streamId, auto = false }: { streamId?: string; auto?: boolean }) {
  const { t } = useI18n();
  const { call } = useAuth();
  const [asked, setAsked] = useState(auto);
  const verification = useQuery({
    queryKey: ["verify", streamId ?? "*"],
    queryFn: ({ signal }) => call<Verification>("/api/audit/verify", { query: { stream_id: streamId }, signal }),
    enabled: asked,
    staleTime: 0,
  });
  const result = verification.data;
  return (
    <div className="verification">
      <button
        type="button"
        className="button button-secondary"
        disabled={verification.isFetching}
        onClick={() => (asked ? void verification.refetch() : setAsked(true))}
      >
        {streamId ? t("audit.verify") : t("audit.verifyAll")}
      </button>
      <div aria-live="polite">
        {verification.isFetching ? <Loading label={t("audit.verifying")} /> : null}
        {result && !verification.isFetching ? (
          result.ok ? (
            <p className="notice notice-success" data-testid="chain-verified">
              ✓{" "}
              {streamId
                ? t("audit.verifiedStream", { events: result.events_checked })
                : t("audit.verified", { events: result.events_checked, streams: result.streams_checked })}
            </p>
          ) : (
            <p className="notice notice-error" role="alert">
              {t("audit.broken", {
                stream: result.first_broken?.stream_id ?? "",
                revision: result.first_broken?.revision ?? "",
                reason: result.first_broken?.reason ?? "",
              })}
            </p>
          )
        ) : null}
      </div>
      <ErrorNotice error={verification.error} />
    </div>
  );
}

interface LogFilter {
  type?: string[];
  from_time?: string;
  to_time?: string;
  from_position?: number;
}

function Log({ filter }: { filter: LogFilter }) {
  const { t } = useI18n();
  const { call } = useAuth();
  const log = useInfiniteQuery({
    queryKey: ["audit-log", filter],
    initialPageParam: filter.from_position ?? 0,
    queryFn: ({ pageParam, signal }) =>
      call<HistoryPage>("/api/audit/events", {
        query: { ...filter, from_position: pageParam, limit: 50 },
        signal,
      }),
    getNextPageParam: (page) => page.next_from_position ?? undefined,
  });
  const events = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="events" aria-busy={log.isFetching}>
      <h2 id="events" className="visually-hidden">
        {t("audit.title")}
      </h2>
      {log.isPending ? <Loading /> : null}
      <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />
      {log.isSuccess && events.length === 0 ? <p>{t("audit.noEvents")}</p> : null}
      {events.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  {t("audit.position")}
                </th>
                <th scope="col">{t("audit.recorded")}</th>
                <th scope="col">{t("audit.type")}</th>
                <th scope="col">{t("audit.stream")}</th>
                <th scope="col">{t("audit.actor")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.event_id}>
                  <td className="numeric">{event.position}</td>
                  <td>
                    <When iso={event.recorded_at} />
                  </td>
                  <th scope="row">{event.type}</th>
                  <td>
                    <Link href={streamHref(event.stream_id)}>{event.stream_id}</Link>
                    <span className="muted"> #{event.revision}</span>
                  </td>
                  <td>{event.metadata.actor.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {log.hasNextPage ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? t("common.loading") : t("audit.more")}
        </button>
      ) : null}
    </section>
  );
}

function OrderFinder() {
  const { t } = useI18n();
  const router = useRouter();
  function open(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget).get("order_id") ?? "").trim();
    if (id) router.push(`/admin/audit/orders/${encodeURIComponent(id)}`);
  }
  return (
    <form className="filters panel" onSubmit={open}>
      <h2 className="full">{t("audit.findOrder")}</h2>
      <label className="field grow">
        <span>{t("audit.orderId")}</span>
        <input name="order_id" required pattern="[0-9a-fA-F-]{36}" />
      </label>
      <button type="submit" className="button button-secondary">
        {t("audit.open")}
      </button>
    </form>
  );
}

export function AuditLogScreen() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<LogFilter>({});

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const types = text("types")
      .split(",")
      .map((type) => type.trim())
      .filter(Boolean);
    setFilter({
      type: types.length ? types : undefined,
      from_time: text("from_time") ? seoulLocalToIso(text("from_time")) : undefined,
      to_time: text("to_time") ? seoulLocalToIso(text("to_time")) : undefined,
      from_position: text("from_position") ? Number(text("from_position")) : undefined,
    });
  }

  return (
    <SignedIn>
      <h1>{t("audit.title")}</h1>
      <VerificationResult />
      <OrderFinder />
      <form className="filters" role="search" onSubmit={search}>
        <label className="field grow">
          <span>{t("audit.types")}</span>
          <input name="types" aria-describedby="types-hint" />
          <small id="types-hint">{t("audit.typesHint")}</small>
        </label>
        <label className="field">
          <span>{t("audit.fromTime")}</span>
          <input name="from_time" type="datetime-local" />
        </label>
        <label className="field">
          <span>{t("audit.toTime")}</span>
          <input name="to_time" type="datetime-local" />
        </label>
        <label className="field">
          <span>{t("audit.position")}</span>
          <input name="from_position" type="number" min={0} className="quantity" />
        </label>
        <button type="submit" className="button">
          {t("common.search")}
        </button>
      </form>
      <Log key={JSON.stringify(filter)} filter={filter} />
    </SignedIn>
  );
}

function useStream(streamId: string) {
  const { call } = useAuth();
  return useInfiniteQuery({
    queryKey: ["audit-stream", streamId],
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) =>
      call<StreamPage>(`/api/audit/streams/${encodeURIComponent(streamId)}`, {
        query: { from_revision: pageParam, limit: 200 },
        signal,
      }),
    getNextPageParam: (page) => page.next_from_revision ?? undefined,
  });
}

function EventRow({ event }: { event: RecordedEvent }) {
  const { t } = useI18n();
  return (
    <li className="event">
      <div className="event-head">
        <strong>
          #{event.revision} {event.type}
        </strong>
        <span className="muted">
          <When iso={event.recorded_at} /> · {event.metadata.actor.role} · {t("audit.position")} {event.position}
        </span>
      </div>
      <dl className="facts hashes">
        <div>
          <dt>{t("audit.prevHash")}</dt>
          <dd>
            <Hash value={event.metadata.prev_hash} />
          </dd>
        </div>
        <div>
          <dt>{t("audit.hash")}</dt>
          <dd>
            <Hash value={event.metadata.hash} />
          </dd>
        </div>
      </dl>
      <details>
        <summary>{t("audit.data")}</summary>
        <pre>{JSON.stringify(event.data, null, 2)}</pre>
      </details>
    </li>
  );
}

export function AuditStreamScreen({ streamId }: { streamId: string }) {
  const { t } = useI18n();
  return (
    <SignedIn>
      <StreamEvents streamId={streamId} title={t("audit.streamTitle", { id: streamId })} />
    </SignedIn>
  );
}

function StreamEvents({ streamId, title, compact = false }: { streamId: string; title: string; compact?: boolean }) {
  const { t } = useI18n();
  const stream = useStream(streamId);
  const events = stream.data?.pages.flatMap((page) => page.items) ?? [];
  const orderId = streamId.startsWith("order-") ? streamId.slice("order-".length) : null;
  const Heading = compact ? "h2" : "h1";
  return (
    <section aria-labelledby="stream-title">
      <Heading id="stream-title">{title}</Heading>
      {!compact ? <VerificationResult streamId={streamId} auto /> : null}
      {!compact && orderId ? (
        <p>
          <Link href={`/admin/audit/orders/${orderId}`}>{t("audit.asOfLink")}</Link>
        </p>
      ) : null}
      {stream.isPending ? <Loading /> : null}
      <ErrorNotice error={stream.error} onRetry={() => void stream.refetch()} />
      <ol className="events">
        {events.map((event) => (
          <EventRow key={event.event_id} event={event} />
        ))}
      </ol>
      {stream.hasNextPage ? (
        <button type="button" className="button button-secondary" onClick={() => void stream.fetchNextPage()}>
          {t("audit.more")}
        </button>
      ) : null}
    </section>
  );
}

type Point = { by: "revision"; revision: number } | { by: "time"; time: string };

function pointQuery(point: Point): Record<string, string | number> {
  return point.by === "revision" ? { revision: point.revision } : { time: point.time };
}

function useAsOf(orderId: string, point: Point | null) {
  const { call } = useAuth();
  return useQuery({
    queryKey: ["as-of", orderId, point],
    queryFn: ({ signal }) =>
      call<OrderAsOf>(`/api/audit/orders/${orderId}/as-of`, { query: pointQuery(point as Point), signal }),
    enabled: point !== null,
  });
}

function PointPicker({
  label,
  point,
  revisions,
  onChange,
}: {
  label: string;
  point: Point;
  revisions: RecordedEvent[];
  onChange: (point: Point) => void;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="point">
      <legend>{label}</legend>
      <label className="choice">
        <input type="radio" checked={point.by === "revision"} onChange={() => onChange({ by: "revision", revision: 0 })} />
        <span>{t("audit.byRevision")}</span>
      </label>
      <label className="choice">
        <input
          type="radio"
          checked={point.by === "time"}
          onChange={() => onChange({ by: "time", time: revisions[0]?.recorded_at ?? new Date().toISOString() })}
        />
        <span>{t("audit.byTime")}</span>
      </label>
      {point.by === "revision" ? (
        <label className="field">
          <span>{t("audit.revision")}</span>
          <select value={point.revision} onChange={(event) => onChange({ by: "revision", revision: Number(event.target.value) })}>
            {revisions.map((event) => (
              <option key={event.revision} value={event.revision}>
                #{event.revision} {event.type}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="field">
          <span>{t("audit.byTime")}</span>
          <input
            type="datetime-local"
            step={1}
            value={isoToSeoulLocal(point.time)}
            onChange={(event) => event.target.value && onChange({ by: "time", time: seoulLocalToIso(event.target.value) })}
          />
        </label>
      )}
    </fieldset>
  );
}

function StateView({ state }: { state: OrderAsOf }) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <div>
        <dt>{t("common.status")}</dt>
        <dd>{state.status ? <StatusBadge status={state.status} testId="as-of-status" /> : "—"}</dd>
      </div>
      <div>
        <dt>{t("common.total")}</dt>
        <dd>
          <Money amount={state.total} />
        </dd>
      </div>
      <div>
        <dt>{t("common.items")}</dt>
        <dd>
          {state.items.map((line) => `${line.quantity}× ${line.name}${line.serving_style ? ` (${line.serving_style})` : ""}`).join(", ")}
        </dd>
      </div>
      {state.delivery ? (
        <div>
          <dt>{t("cart.delivery")}</dt>
          <dd>
            {state.delivery.address} · <When iso={state.delivery.requested_for} />
          </dd>
        </div>
      ) : null}
      {state.paid_amount !== null ? (
        <div>
          <dt>{t("orders.payTitle")}</dt>
          <dd>
            <Money amount={state.paid_amount} /> · {state.payment_ref}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function AsOf({ orderId }: { orderId: string }) {
  const { t } = useI18n();
  const stream = useStream(`order-${orderId}`);
  const revisions = stream.data?.pages.flatMap((page) => page.items) ?? [];
  const last = revisions[revisions.length - 1]?.revision ?? 0;
  const [a, setA] = useState<Point>({ by: "revision", revision: 0 });
  const [b, setB] = useState<Point | null>(null);
  const pointB: Point | null = revisions.length ? (b ?? { by: "revision", revision: last }) : null;
  const first = useAsOf(orderId, a);
  const second = useAsOf(orderId, pointB);
  const changes = first.data && second.data ? diff(first.data, second.data, ["revision", "position", "recorded_at"]) : [];

  return (
    <>
      <h1>{t("audit.asOfTitle", { id: orderId.slice(0, 8) })}</h1>
      <VerificationResult streamId={`order-${orderId}`} auto />
      {stream.isPending ? <Loading /> : null}
      <ErrorNotice error={stream.error} onRetry={() => void stream.refetch()} />
      {revisions.length > 0 && pointB ? (
        <>
          <div className="grid-2">
            <PointPicker label={t("audit.pointA")} point={a} revisions={revisions} onChange={setA} />
            <PointPicker label={t("audit.pointB")} point={pointB} revisions={revisions} onChange={setB} />
          </div>
          <section aria-labelledby="state-a" className="panel">
            <h2 id="state-a">
              {first.data
                ? t("audit.stateAt", { revision: first.data.revision })
                : t("common.loading")}
              {first.data ? (
                <span className="muted small">
                  {" · "}
                  <When iso={first.data.recorded_at} />
                </span>
              ) : null}
            </h2>
            <ErrorNotice error={first.error} />
            {first.data ? <StateView state={first.data} /> : <Loading />}
          </section>
          <section aria-labelledby="changes" className="panel">
            <h2 id="changes">
              {t("audit.changes", { a: first.data?.revision ?? "…", b: second.data?.revision ?? "…" })}
            </h2>
            <ErrorNotice error={second.error} />
            {first.data && second.data && changes.length === 0 ? <p>{t("audit.noChanges")}</p> : null}
            {changes.length > 0 ? (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("audit.field")}</th>
                      <th scope="col">{t("audit.before")}</th>
                      <th scope="col">{t("audit.after")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.map((change) => (
                      <tr key={change.path}>
                        <th scope="row">
                          <code>{change.path}</code>
                        </th>
                        <td>{shown(change.before)}</td>
                        <td>{shown(change.after)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
          <StreamEvents streamId={`order-${orderId}`} title={t("audit.eventsOfStream")} compact />
        </>
      ) : null}
    </>
  );
}

export function AuditOrderScreen({ orderId }: { orderId: string }) {
  return (
    <SignedIn>
      <AsOf orderId={orderId} />
    </SignedIn>
  );
}
