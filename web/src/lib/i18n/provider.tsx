"use client";
// The chosen language. The server renders in the language of the cookie and hands over that
// language's texts; switching loads the other catalogue on demand, keeps the choice in the
// cookie and re-renders the server parts of the page in it.
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/format";
import { translator, type Catalogue, type Translate } from "@/lib/i18n/messages";

interface I18n {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

async function load(locale: Locale): Promise<Catalogue> {
  return locale === "ko" ? (await import("@/lib/i18n/ko")).ko : (await import("@/lib/i18n/en")).en;
}

export function I18nProvider({
  initial,
  catalogue,
  children,
}: {
  initial: Locale;
  catalogue: Catalogue;
  children: ReactNode;
}) {
  const router = useRouter();
  const [current, setCurrent] = useState({ locale: initial, catalogue });
  const setLocale = useCallback(
    (next: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
      void load(next).then((loaded) => {
        document.documentElement.lang = next;
        setCurrent({ locale: next, catalogue: loaded });
        router.refresh();
      });
    },
    [router],
  );
  const value = useMemo(
    () => ({ locale: current.locale, t: translator(current.catalogue), setLocale }),
    [current, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
