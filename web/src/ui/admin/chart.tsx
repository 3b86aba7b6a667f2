"use client";
// A bar chart on a canvas (Chart.js, only the parts a bar chart needs). The canvas is one
// image to assistive technology, named by `label`; the figures themselves are in a table
// beside it.
import { useEffect, useRef } from "react";

// Chart.js (about 60 kB) loads when a chart is first drawn, not with the page.
async function chartLibrary() {
  const chart = await import("chart.js");
  chart.Chart.register(
    chart.BarController,
    chart.BarElement,
    chart.CategoryScale,
    chart.LinearScale,
    chart.LineController,
    chart.LineElement,
    chart.PointElement,
    chart.Tooltip,
    chart.Legend,
  );
  return chart.Chart;
}

export interface Series {
  label: string;
  values: number[];
  kind: "bar" | "line";
  colour: string;
  /** The right-hand axis, for a count beside an amount. */
  secondAxis?: boolean;
}

export function BarChart({
  label,
  labels,
  series,
  horizontal = false,
  format,
}: {
  label: string;
  labels: string[];
  series: Series[];
  horizontal?: boolean;
  format: (value: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy: () => void } | null = null;
    let cancelled = false;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    void chartLibrary().then((Chart) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: "bar",
        data: {
          labels,
          datasets: series.map((one) => ({
            type: one.kind,
            label: one.label,
            data: one.values,
            backgroundColor: one.colour,
            borderColor: one.colour,
            yAxisID: one.secondAxis ? "count" : horizontal ? undefined : "y",
          })),
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          maintainAspectRatio: false,
          animation: reduced ? false : undefined,
          plugins: {
            legend: { display: series.length > 1 },
            tooltip: {
              callbacks: {
                label: (item) =>
                  `${item.dataset.label ?? ""}: ${series[item.datasetIndex]?.secondAxis ? item.formattedValue : format(Number(item.raw))}`,
              },
            },
          },
          scales: horizontal
            ? { x: { ticks: { callback: (value) => format(Number(value)) } } }
            : {
                y: { ticks: { callback: (value) => format(Number(value)) }, beginAtZero: true },
                ...(series.some((one) => one.secondAxis)
                  ? { count: { position: "right" as const, beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } } }
                  : {}),
              },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [labels, series, horizontal, format]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
