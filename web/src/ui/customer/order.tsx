"use client";
// One of the customer's orders, live: pay, cancel while allowed, design the cake.
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import type { Accepted, OrderAccepted, OrderDetail } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { newKey } from "@/lib/ids";
import { formatKrw } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { useLiveOrder } from "@/lib/orders/live-order";
import { allowedActions } from "@/lib/orders/status";
import { SignInFirst } from "@/ui/shared/auth-forms";
import { ErrorNotice, Loading, Note, Success } from "@/ui/shared/feedback";
import { OrderActions } from "@/ui/shared/order-actions";
import { DeliveryFacts, History, ItemsTable, Progress } from "@/ui/shared/order-parts";
import { LiveBadge, StatusBadge, When, shortId } from "@/ui/shared/values";

function Pay({
  order,
  revision,
  onPaid,
}: {
  order: OrderDetail;
  revision: number | undefined;
  onPaid: (result: OrderAccepted) => void;
}) {
  const { t, locale } = useI18n();
  const { call } = useAuth();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One payment attempt, one reference and key: a retried click pays once.
  const attempt = useRef(newKey());

  async function pay() {
    setPending(true);
    setError(null);
    try {
      const result = await call<OrderAccepted>(`/api/orders/${order.order_id}/pay`, {
        method: "POST",
        body: { payment_ref: `web-${attempt.current}`, amount: order.total },
        idempotencyKey: attempt.current,
        ifMatch: revision,
      });
      onPaid(result);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="pay" className="panel">
      <h2 id="pay">{t("orders.payTitle")}</h2>
      <button className="button button-large" type="button" disabled={pending} onClick={() => void pay()}>
        {pending ? t("orders.paying") : t("orders.pay", { amount: formatKrw(order.total, locale) })}
      </button>
      <Note>{t("orders.payNote")}</Note>
      <ErrorNotice error={error} context="order" />
    </section>
  );
}

function CakeDesigns({ order, open }: { order: OrderDetail; open: boolean }) {
  const { t } = useI18n();
  const { call } = useAuth();
  const client = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function request(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const prompt = String(new FormData(form).get("prompt") ?? "").trim();
    setPending(true);
    setError(null);
    try {
      await call<Accepted>(`/api/orders/${order.order_id}/cake-design`, { method: "POST", body: { prompt } });
      form.reset();
      await client.invalidateQueries({ queryKey: ["order", order.order_id] });
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="cake" className="panel">
      <h2 id="cake">{t("cake.title")}</h2>
      <ul className="designs">
        {order.cake_designs.map((design) => (
          <li key={design.request_id}>
            {design.status === "generated" && design.image_url ? (
              <figure>
                {/* eslint-disable-next-line @next/next/no-img-element -- served by the query API, sized by the worker */}
                <img src={design.image_url} alt={t("cake.imageAlt", { prompt: design.prompt })} width={256} height={256} />
                <figcaption>{design.prompt}</figcaption>
              </figure>
            ) : design.status === "failed" ? (
              <p className="warning">{t("cake.failed", { prompt: design.prompt, reason: design.reason ?? "" })}</p>
            ) : (
              <Loading label={t("cake.pending", { prompt: design.prompt })} />
            )}
          </li>
        ))}
      </ul>
      {open ? (
        <form className="stack" onSubmit={(event) => void request(event)} aria-busy={pending}>
          <label className="field">
            <span>{t("cake.prompt")}</span>
            <input name="prompt" required minLength={3} maxLength={500} />
          </label>
          <ErrorNotice error={error} context="order" />
          <button className="button button-secondary" type="submit" disabled={pending}>
            {pending ? t("cake.requesting") : t("cake.request")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function CustomerOrderScreen({ orderId }: { orderId: string }) {
  const { t, locale } = useI18n();
  const { session } = useAuth();
  const params = useSearchParams();
  const live = useLiveOrder(orderId);
  const [paid, setPaid] = useState<number | null>(null);

  if (session.status === "anonymous") return <SignInFirst area="customer" />;
  const { order, status } = live;
  const expected = Number(params.get("expected"));
  const hasCake = order?.items.some((line) => line.menu_item_id === "cake") ?? false;
  const actions = status ? allowedActions(status, "customer", { hasCake }) : [];

  return (
    <>
      <p>
        <Link href="/customer/orders">← {t("orders.back")}</Link>
      </p>
      <div className="title-row">
        <h1>{t("common.orderNumber", { id: shortId(orderId) })}</h1>
        {status ? <StatusBadge status={status} testId="order-status" /> : null}
        {order ? <LiveBadge state={live.socket} /> : null}
      </div>
      {live.isPending && session.status !== "signed-in" ? <Loading label={t("auth.checking")} /> : null}
      {live.isPending && session.status === "signed-in" ? <Loading /> : null}
      <ErrorNotice error={live.error} onRetry={live.refetch} />
      {order && status ? (
        <>
          <Progress status={status} />
          <p className="muted">
            {t("search.placed")}: <When iso={order.placed_at} /> · {t("orders.liveStatus")}
          </p>
          {expected > 0 && expected !== order.total ? (
            <p className="notice">{t("orders.totalChanged", { total: formatKrw(order.total, locale) })}</p>
          ) : null}
          {paid !== null ? <Success>{t("orders.paid", { amount: formatKrw(paid, locale) })}</Success> : null}
          {actions.includes("pay") ? (
            <Pay
              order={order}
              revision={live.revision}
              onPaid={(result) => {
                setPaid(result.total);
                live.wrote(result);
              }}
            />
          ) : null}
          <ItemsTable order={order} />
          <DeliveryFacts order={order} />
          {hasCake ? <CakeDesigns order={order} open={actions.includes("cake-design")} /> : null}
          {actions.includes("cancel") ? (
            <section aria-labelledby="cancel" className="panel">
              <h2 id="cancel" className="visually-hidden">
                {t("action.cancel")}
              </h2>
              <OrderActions orderId={orderId} actions={["cancel"]} revision={live.revision} onDone={live.wrote} />
            </section>
          ) : null}
          <History order={order} />
        </>
      ) : null}
    </>
  );
}
