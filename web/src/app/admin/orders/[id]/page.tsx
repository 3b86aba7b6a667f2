import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { AdminOrderScreen } from "@/ui/admin/order";

export const metadata: Metadata = { title: "Order" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Data>
      <AdminOrderScreen orderId={id} />
    </Data>
  );
}
