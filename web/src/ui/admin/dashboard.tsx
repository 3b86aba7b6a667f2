"use client";
// Sales: revenue and order counts by day, revenue by item, over a chosen range of days.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";

import type { SalesDay, SalesItem, SalesReport } from "@/lib/api/types";
import { useAuth } from "@/lib/auth/session";
import { daysBetween, formatDay, formatKrw } from "@/lib/i18n/format";
import { useI18n } from "@/lib/i18n/provider";
import { itemName } from "@/lib/menu/names";
import { BarChart } from "@/ui/admin/chart";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading } from "@/ui/shared/feedback";
import { Money } from "@/ui/shared/values";

function seoulDay(offsetDays: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function useSales(groupBy: "day" | "item", from: string, to: string) {
  const { call } = useAuth();
  return useQuery({
    queryKey: ["sales", groupBy, from, to],
    queryFn: ({ signal }) => call<SalesReport>("/api/stats/sales", { query: { group_by: groupBy, from, to }, signal }),
  });
}

function ByDay({ from, to }: { from: string; to: string }) {
  const { t, locale } = useI18n();
  const sales = useSales("day", from, to);
  // Every day of the range, a day without sales as zero, so the chart shows the quiet days.
  const days = useMemo(() => {
    const sold = new Map(((sales.data?.items ?? []) as SalesDay[]).map((day) => [day.day, day]));
    return daysBetween(from, to).map((day) => sold.get(day) ?? { day, orders: 0, revenue: 0 });
  }, [sales.data, from, to]);
  const labels = useMemo(() => days.map((day) => formatDay(day.day, locale)), [days, locale]);
  const series = useMemo(
    () => [
      { label: t("dashboard.revenue"), values: days.map((day) => day.revenue), kind: "bar" as const, colour: "#9a3412" },
      { label: t("dashboard.orders"), values: days.map((day) => day.orders), kind: "line" as const, colour: "#1e3a8a", secondAxis: true },
    ],
    [days, t],
  );
  const format = useMemo(() => (value: number) => formatKrw(value, locale), [locale]);
  return (
    <section aria-labelledby="by-day" className="panel">
      <h2 id="by-day">{t("dashboard.byDay")}</h2>
      {sales.isPending ? <Loading /> : null}
      <ErrorNotice error={sales.error} onRetry={() => void sales.refetch()} />
      {sales.data ? (
        <>
          <dl className="totals">
            <div>
              <dt>{t("dashboard.revenue")}</dt>
              <dd data-testid="revenue-total">
                <Money amount={sales.data.totals.revenue} />
              </dd>
            </div>
            <div>
              <dt>{t("dashboard.orders")}</dt>
              <dd>{sales.data.totals.orders}</dd>
            </div>
          </dl>
          {sales.data.items.length === 0 ? (
            <p>{t("dashboard.noSales")}</p>
          ) : (
            <>
              <BarChart label={t("dashboard.chartByDay", { from, to })} labels={labels} series={series} format={format} />
              <details>
                <summary>{t("dashboard.asTable")}</summary>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.day")}</th>
                      <th scope="col" className="numeric">{t("dashboard.orders")}</th>
                      <th scope="col" className="numeric">{t("dashboard.revenue")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {days.filter((day) => day.orders > 0).map((day) => (
                      <tr key={day.day}>
                        <th scope="row">{day.day}</th>
                        <td className="numeric">{day.orders}</td>
                        <td className="numeric"><Money amount={day.revenue} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}

function ByItem({ from, to }: { from: string; to: string }) {
  const { t, locale } = useI18n();
  const sales = useSales("item", from, to);
  const items = (sales.data?.items ?? []) as SalesItem[];
  const labels = useMemo(
    () => items.map((item) => itemName(item.menu_item_id, item.name ?? item.menu_item_id, locale)),
    [items, locale],
  );
  const series = useMemo(
    () => [{ label: t("dashboard.revenue"), values: items.map((item) => item.revenue), kind: "bar" as const, colour: "#9a3412" }],
    [items, t],
  );
  const format = useMemo(() => (value: number) => formatKrw(value, locale), [locale]);
  return (
    <section aria-labelledby="by-item" className="panel">
      <h2 id="by-item">{t("dashboard.byItem")}</h2>
      {sales.isPending ? <Loading /> : null}
      <ErrorNotice error={sales.error} onRetry={() => void sales.refetch()} />
      {sales.data && items.length === 0 ? <p>{t("dashboard.noSales")}</p> : null}
      {items.length > 0 ? (
        <>
          <BarChart label={t("dashboard.chartByItem", { from, to })} labels={labels} series={series} horizontal format={format} />
          <details>
            <summary>{t("dashboard.asTable")}</summary>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.item")}</th>
                  <th scope="col" className="numeric">{t("common.quantity")}</th>
                  <th scope="col" className="numeric">{t("dashboard.revenue")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item, index) => (
                  <tr key={item.menu_item_id}>
                    <th scope="row">{labels[index]}</th>
                    <td className="numeric">{item.quantity}</td>
                    <td className="numeric"><Money amount={item.revenue} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : null}
    </section>
  );
}

export function DashboardScreen() {
  const { t } = useI18n();
  const [range, setRange] = useState(() => ({ from: seoulDay(-13), to: seoulDay(0) }));

  function choose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setRange({ from: String(form.get("from")), to: String(form.get("to")) });
  }

  return (
    <SignedIn>
      <h1>{t("dashboard.title")}</h1>
      <form className="filters" onSubmit={choose}>
        <label className="field">
          <span>{t("dashboard.from")}</span>
          <input type="date" name="from" defaultValue={range.from} required />
        </label>
        <label className="field">
          <span>{t("dashboard.to")}</span>
          <input type="date" name="to" defaultValue={range.to} required />
        </label>
        <button type="submit" className="button">
          {t("dashboard.show")}
        </button>
      </form>
      <div className="grid-dashboard">
        <ByDay from={range.from} to={range.to} />
        <ByItem from={range.from} to={range.to} />
      </div>
    </SignedIn>
  );
}
