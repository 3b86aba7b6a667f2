import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { AuditOrderScreen } from "@/ui/admin/audit";

export const metadata: Metadata = { title: "Order through time" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Data>
      <AuditOrderScreen orderId={id} />
    </Data>
  );
}
