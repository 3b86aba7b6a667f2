import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { DeadLettersScreen } from "@/ui/admin/dead-letters";

export const metadata: Metadata = { title: "Dead letters" };

export default function Page() {
  return (
    <Data>
      <DeadLettersScreen />
    </Data>
  );
}
