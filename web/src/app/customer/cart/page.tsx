import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { CartScreen } from "@/ui/customer/cart";

export const metadata: Metadata = { title: "Cart" };

export default function CartPage() {
  return (
    <Data>
      <CartScreen />
    </Data>
  );
}
