// Every language's texts, for the server (which renders in the reader's language and hands
// that one catalogue to the browser) and the unit tests.
import { en } from "@/lib/i18n/en";
import type { Locale } from "@/lib/i18n/format";
import { ko } from "@/lib/i18n/ko";
import { translator, type Catalogue, type Translate } from "@/lib/i18n/messages";

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, ko };

export function translate(locale: Locale): Translate {
  return translator(CATALOGUES[locale]);
}
