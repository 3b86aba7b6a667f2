import type { Metadata } from "next";

import { PrivacyScreen } from "@/ui/admin/privacy";

export const metadata: Metadata = { title: "Forget a customer" };

export default function Page() {
  return <PrivacyScreen />;
}
