import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { AuditLogScreen } from "@/ui/admin/audit";

export const metadata: Metadata = { title: "Event history" };

export default function Page() {
  return (
    <Data>
      <AuditLogScreen />
    </Data>
  );
}
