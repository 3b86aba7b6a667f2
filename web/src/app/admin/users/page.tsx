import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { UsersScreen } from "@/ui/admin/users";

export const metadata: Metadata = { title: "Users and roles" };

export default function Page() {
  return (
    <Data>
      <UsersScreen />
    </Data>
  );
}
