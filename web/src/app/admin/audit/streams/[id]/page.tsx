import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { AuditStreamScreen } from "@/ui/admin/audit";

export const metadata: Metadata = { title: "Stream" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Data>
      <AuditStreamScreen streamId={id} />
    </Data>
  );
}
