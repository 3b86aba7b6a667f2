// The reader's language on the server: from the cookie the language switch sets.
import { cookies } from "next/headers";

import { LOCALE_COOKIE, isLocale, type Locale } from "@/lib/i18n/format";

export async function readerLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(chosen) ? chosen : "en";
}
