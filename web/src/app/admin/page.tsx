import type { Metadata } from "next";

import { AdminLanding } from "@/ui/admin/gate";

export const metadata: Metadata = { title: "Staff & admin" };

export default function Page() {
  return <AdminLanding />;
}
