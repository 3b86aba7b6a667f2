import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { DashboardScreen } from "@/ui/admin/dashboard";

export const metadata: Metadata = { title: "Sales" };

export default function Page() {
  return (
    <Data>
      <DashboardScreen />
    </Data>
  );
}
