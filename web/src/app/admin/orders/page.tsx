import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { OrderSearchScreen } from "@/ui/admin/order-search";

export const metadata: Metadata = { title: "Orders" };

export default function Page() {
  return (
    <Data>
      <OrderSearchScreen />
    </Data>
  );
}
