"use client";
// Who may see an admin screen. Screens that read a protected endpoint let the API decide and
// show its 403; screens that only write (the menu editor reads the public menu) check the
// role here first, in the same words.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import type { Role } from "@/lib/orders/status";
import { SignInFirst } from "@/ui/shared/auth-forms";
import { Loading } from "@/ui/shared/feedback";

function CustomerSiteLink() {
  const { t } = useI18n();
  return (
    <p>
      <Link href="/customer">{t("nav.toCustomer")}</Link>
    </p>
  );
}

export function Denied() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <div className="notice notice-error" role="alert" data-status="403">
      <p>{t("error.forbidden")}</p>
      {user ? <p>{t("admin.signedInAs", { role: t(`role.${user.role}`) })}</p> : null}
      {user?.role === "customer" ? <CustomerSiteLink /> : null}
    </div>
  );
}

/** Children once someone is signed in (any role: the API decides what they may read). */
export function SignedIn({ children }: { children: ReactNode }) {
  const { session, t } = { ...useAuth(), ...useI18n() };
  if (session.status === "loading") return <Loading label={t("auth.checking")} />;
  if (session.status === "anonymous") return <SignInFirst area="admin" />;
  return <>{children}</>;
}

/** Children only for `roles`; anyone else is told the screen is not for them. */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { user } = useAuth();
  return (
    <SignedIn>{user && roles.includes(user.role) ? children : <Denied />}</SignedIn>
  );
}

const HOME: Record<Role, string | null> = {
  staff: "/admin/kitchen",
  admin: "/admin/dashboard",
  auditor: "/admin/audit",
  customer: null,
};

export function AdminLanding() {
  const { t } = useI18n();
  const { user } = useAuth();
  const router = useRouter();
  const home = user ? HOME[user.role] : null;
  useEffect(() => {
    if (home) router.replace(home);
  }, [home, router]);
  return (
    <SignedIn>
      <h1>{t("admin.landingTitle")}</h1>
      {user && !home ? (
        <div className="notice notice-error" role="alert" data-status="403">
          <p>{t("admin.notForCustomers", { role: t(`role.${user.role}`) })}</p>
          <CustomerSiteLink />
        </div>
      ) : (
        <Loading />
      )}
    </SignedIn>
  );
}
