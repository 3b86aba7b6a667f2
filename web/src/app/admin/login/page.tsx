import type { Metadata } from "next";
import { Suspense } from "react";

import { SignInForm } from "@/ui/shared/auth-forms";

export const metadata: Metadata = { title: "Staff sign-in" };

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm area="admin" />
    </Suspense>
  );
}
