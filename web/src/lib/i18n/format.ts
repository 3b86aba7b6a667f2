// Prices are integer KRW (DESIGN.md). English shows "₩70,000", Korean "70,000원", as people in
// each language write them; times are shown in Korea Standard Time, where the business is.
export type Locale = "en" | "ko";
export const LOCALES: readonly Locale[] = ["en", "ko"];
export const TIME_ZONE = "Asia/Seoul";
/** The chosen language, kept where the server can read it to render <html lang> right. */
export const LOCALE_COOKIE = "dinner_locale";

const numbers: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat("en-US", { style: "currency", currency: "KRW" }),
  ko: new Intl.NumberFormat("ko-KR"),
};

export function formatKrw(amount: number, locale: Locale): string {
  if (locale === "ko") return `${numbers.ko.format(amount)}원`;
  return numbers.en.format(amount);
}

/** A price difference, always signed: "+₩10,000", "+10,000원"; nothing for zero. */
export function formatKrwDifference(amount: number, locale: Locale): string {
  if (amount === 0) return "";
  const sign = amount > 0 ? "+" : "−";
  return `${sign}${formatKrw(Math.abs(amount), locale)}`;
}

const tags: Record<Locale, string> = { en: "en-GB", ko: "ko-KR" };

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(tags[locale], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

export function formatDay(isoDay: string, locale: Locale): string {
  // A calendar day from the API ("2026-12-24") is a day in Seoul, not a UTC midnight.
  return new Intl.DateTimeFormat(tags[locale], {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${isoDay}T00:00:00Z`));
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(tags[locale]).format(value);
}

export function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "ko";
}

// Delivery times are chosen in Seoul time whatever the browser's zone: a datetime-local
// value ("2026-12-24T19:00") is read as +09:00.
export function seoulLocalToIso(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+09:00`;
}

/** The datetime-local value of `days` from now at `hour`:00, Seoul time. */
export function seoulLocalDefault(now: Date, days = 1, hour = 19): string {
  const seoul = new Date(now.getTime() + 9 * 3_600_000 + days * 86_400_000);
  const day = seoul.toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, "0")}:00`;
}

/** An ISO instant as a datetime-local value in Seoul time. */
export function isoToSeoulLocal(iso: string): string {
  const seoul = new Date(new Date(iso).getTime() + 9 * 3_600_000);
  return seoul.toISOString().slice(0, 16);
}

/** Every calendar day from `from` to `to` inclusive ("2026-12-01"), for a chart with no gaps. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= end && days.length < 366; day += 86_400_000) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}
