"use client";
import type { ReactNode } from "react";

import { AuthProvider } from "@/lib/auth/session";
import { CartProvider } from "@/lib/cart/provider";
import type { Locale } from "@/lib/i18n/format";
import type { Catalogue } from "@/lib/i18n/messages";
import { I18nProvider } from "@/lib/i18n/provider";

export function Providers({
  locale,
  catalogue,
  children,
}: {
  locale: Locale;
  catalogue: Catalogue;
  children: ReactNode;
}) {
  return (
    <I18nProvider initial={locale} catalogue={catalogue}>
      <AuthProvider>
        <CartProvider>{children}</CartProvider>
      </AuthProvider>
    </I18nProvider>
  );
}
