import type { Metadata } from "next";

import { readerLocale } from "@/lib/i18n/server";
import { MenuScreen } from "@/ui/customer/menu";

export const metadata: Metadata = { title: "Menu" };

export default async function MenuPage() {
  return <MenuScreen locale={await readerLocale()} />;
}
