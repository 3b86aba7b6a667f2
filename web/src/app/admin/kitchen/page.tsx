import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { KitchenScreen } from "@/ui/admin/kitchen";

export const metadata: Metadata = { title: "Kitchen" };

export default function Page() {
  return (
    <Data>
      <KitchenScreen />
    </Data>
  );
}
