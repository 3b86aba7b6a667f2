import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { MyOrdersScreen } from "@/ui/customer/orders";

export const metadata: Metadata = { title: "My orders" };

export default function MyOrdersPage() {
  return (
    <Data>
      <MyOrdersScreen />
    </Data>
  );
}
