import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { MenuEditorScreen } from "@/ui/admin/menu-editor";

export const metadata: Metadata = { title: "Menu editor" };

export default function Page() {
  return (
    <Data>
      <MenuEditorScreen />
    </Data>
  );
}
