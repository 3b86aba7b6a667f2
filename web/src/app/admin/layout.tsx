import type { ReactNode } from "react";

import { Header } from "@/ui/shared/header";

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <Header area="admin" />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
