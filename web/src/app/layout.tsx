import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { Providers } from "@/app/providers";
import { CATALOGUES } from "@/lib/i18n/catalogues";
import { readerLocale } from "@/lib/i18n/server";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Dinner", template: "%s · Dinner" },
  description: "Order dinner for delivery; run the kitchen; audit the history.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await readerLocale();
  return (
    <html lang={locale}>
      <body>
        <Providers locale={locale} catalogue={CATALOGUES[locale]}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
