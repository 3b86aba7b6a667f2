// Looking up and filling in texts; pure, so the unit tests, the server and the provider share
// it. No catalogue is imported here: the browser gets only the one its language needs
// (lib/i18n/catalogues.ts picks it on the server; the provider loads another on a switch).
import type { en } from "@/lib/i18n/en";

export type MessageKey = keyof typeof en;
export type Catalogue = Readonly<Record<MessageKey, string>>;
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translator(catalogue: Catalogue): Translate {
  return (key, vars) => {
    const text = catalogue[key] ?? key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
  };
}
