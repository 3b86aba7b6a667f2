import type { ReactNode } from "react";

import { Header } from "@/ui/shared/header";

export default function CustomerLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <Header area="customer" />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
