"use client";
// One order as the kitchen and the office see it, live, with the staff's actions.
import Link from "next/link";

import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { useLiveOrder } from "@/lib/orders/live-order";
import { allowedActions } from "@/lib/orders/status";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading, Note } from "@/ui/shared/feedback";
import { OrderActions } from "@/ui/shared/order-actions";
import { DeliveryFacts, History, ItemsTable, Progress } from "@/ui/shared/order-parts";
import { LiveBadge, StatusBadge, shortId } from "@/ui/shared/values";

function Order({ orderId }: { orderId: string }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const live = useLiveOrder(orderId);
  const { order, status } = live;
  const actions = status && user ? allowedActions(status, user.role) : [];
  return (
    <>
      <div className="title-row">
        <h1>{t("order.title", { id: shortId(orderId) })}</h1>
        {status ? <StatusBadge status={status} testId="order-status" /> : null}
        {order ? <LiveBadge state={live.socket} /> : null}
      </div>
      {live.isPending ? <Loading /> : null}
      <ErrorNotice error={live.error} onRetry={live.refetch} />
      {order && status ? (
        <>
          <Progress status={status} />
          <p className="muted">
            {t("order.customer", { id: order.customer_id })} ·{" "}
            {user?.role === "admin" ? <Link href={`/admin/audit/orders/${orderId}`}>{t("order.history")}</Link> : null}
          </p>
          <section aria-labelledby="move" className="panel">
            <h2 id="move">{t("order.actionsTitle")}</h2>
            {actions.length > 0 ? (
              <OrderActions orderId={orderId} actions={actions} revision={live.revision} onDone={live.wrote} />
            ) : (
              <Note>{user?.role === "staff" ? t("order.noActions") : t("kitchen.readOnly")}</Note>
            )}
          </section>
          <ItemsTable order={order} />
          <DeliveryFacts order={order} />
          <History order={order} />
        </>
      ) : null}
    </>
  );
}

export function AdminOrderScreen({ orderId }: { orderId: string }) {
  return (
    <SignedIn>
      <Order orderId={orderId} />
    </SignedIn>
  );
}
