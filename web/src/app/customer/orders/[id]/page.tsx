import type { Metadata } from "next";
import { Suspense } from "react";

import { Data } from "@/lib/data";
import { CustomerOrderScreen } from "@/ui/customer/order";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Data>
      <Suspense>
        <CustomerOrderScreen orderId={id} />
      </Suspense>
    </Data>
  );
}
