"use client";
// Finding orders: by status, customer and time placed, a keyset page at a time.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";

import type { OrderPage } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { seoulLocalToIso } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { ORDER_STATUSES } from "@/lib/orders/status";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading } from "@/ui/shared/feedback";
import { Money, StatusBadge, When, shortId } from "@/ui/shared/values";

interface Filter {
  status?: string;
  customer_id?: string;
  placed_from?: string;
  placed_to?: string;
}

function Results({ filter }: { filter: Filter }) {
  const { t } = useI18n();
  const { call } = useAuth();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ["order-search", filter, cursor],
    queryFn: ({ signal }) => call<OrderPage>("/api/orders", { query: { ...filter, limit: 20, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const items = page.data?.items ?? [];
  return (
    <section aria-labelledby="results" aria-busy={page.isFetching}>
      <h2 id="results" className="visually-hidden">
        {t("search.title")}
      </h2>
      {page.isPending ? <Loading /> : null}
      <ErrorNotice error={page.error} onRetry={() => void page.refetch()} />
      {page.isSuccess && items.length === 0 ? <p>{t("search.none")}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("common.page", { page: cursors.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("search.order")}</th>
                <th scope="col">{t("common.status")}</th>
                <th scope="col" className="numeric">
                  {t("common.total")}
                </th>
                <th scope="col">{t("search.placed")}</th>
                <th scope="col">{t("search.delivery")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((order) => (
                <tr key={order.order_id}>
                  <th scope="row">
                    <Link href={`/admin/orders/${order.order_id}`}>{shortId(order.order_id)}</Link>
                  </th>
                  <td>
                    <StatusBadge status={order.status} />
                  </td>
                  <td className="numeric">
                    <Money amount={order.total} />
                  </td>
                  <td>
                    <When iso={order.placed_at} />
                  </td>
                  <td>
                    <When iso={order.delivery.requested_for} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="row">
        {cursors.length > 1 ? (
          <button type="button" className="button button-secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            {t("common.previous")}
          </button>
        ) : null}
        <span className="muted">{t("common.page", { page: cursors.length })}</span>
        {page.data?.next_cursor ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setCursors([...cursors, page.data?.next_cursor ?? null])}
          >
            {t("common.next")}
          </button>
        ) : null}
      </div>
    </section>
  );
}

export function OrderSearchScreen() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>({});

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    const time = (name: string) => {
      const value = text(name);
      return value ? seoulLocalToIso(value) : undefined;
    };
    setFilter({
      status: text("status"),
      customer_id: text("customer_id"),
      placed_from: time("placed_from"),
      placed_to: time("placed_to"),
    });
  }

  return (
    <SignedIn>
      <h1>{t("search.title")}</h1>
      <form className="filters" onSubmit={search} role="search">
        <label className="field">
          <span>{t("search.status")}</span>
          <select name="status" defaultValue="">
            <option value="">{t("search.any")}</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("search.customer")}</span>
          <input name="customer_id" maxLength={200} />
        </label>
        <label className="field">
          <span>{t("search.from")}</span>
          <input name="placed_from" type="datetime-local" />
        </label>
        <label className="field">
          <span>{t("search.to")}</span>
          <input name="placed_to" type="datetime-local" />
        </label>
        <button type="submit" className="button">
          {t("common.search")}
        </button>
      </form>
      <Results key={JSON.stringify(filter)} filter={filter} />
    </SignedIn>
  );
}
