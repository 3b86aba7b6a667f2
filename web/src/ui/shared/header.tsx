"use client";
// The header both areas share: the area's links, who is signed in, and the language.
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

import { displayName } from "@/lib/api/accounts";
import { useAuth } from "@/lib/auth/session";
import { useCart } from "@/lib/cart/provider";
import type { Locale } from "@/lib/i18n/format";
import type { MessageKey } from "@/lib/i18n/messages";
import { useI18n } from "@/lib/i18n/provider";
import type { Role } from "@/lib/orders/status";

export interface NavLink {
  href: string;
  label: MessageKey;
  roles?: readonly Role[];
}

export const ADMIN_LINKS: readonly NavLink[] = [
  { href: "/admin/kitchen", label: "nav.kitchen", roles: ["staff", "admin"] },
  { href: "/admin/orders", label: "nav.orderSearch", roles: ["staff", "admin"] },
  { href: "/admin/menu", label: "nav.menuEditor", roles: ["admin"] },
  { href: "/admin/dashboard", label: "nav.dashboard", roles: ["staff", "admin", "auditor"] },
  { href: "/admin/users", label: "nav.users", roles: ["admin"] },
  { href: "/admin/dead-letters", label: "nav.deadLetters", roles: ["admin"] },
  { href: "/admin/privacy", label: "nav.privacy", roles: ["admin"] },
  { href: "/admin/audit", label: "nav.audit", roles: ["admin", "auditor"] },
];

const CUSTOMER_LINKS: readonly NavLink[] = [
  { href: "/customer", label: "nav.menu" },
  { href: "/customer/voice", label: "nav.voice" },
  { href: "/customer/orders", label: "nav.orders" },
];

function isCurrent(pathname: string, href: string): boolean {
  if (href === "/customer") return pathname === "/customer";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className="language">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select
        value={locale}
        onChange={(event) => setLocale(event.target.value as Locale)}
        aria-label={t("nav.language")}
      >
        <option value="en">English</option>
        <option value="ko">한국어</option>
      </select>
    </label>
  );
}

function Account({ area }: { area: "customer" | "admin" }) {
  const { t } = useI18n();
  const { session, logout } = useAuth();
  const router = useRouter();
  if (session.status === "loading") return null;
  if (session.status === "anonymous") {
    return (
      <div className="account">
        <Link href={`/${area}/login`}>{t("nav.signIn")}</Link>
        {area === "customer" ? (
          <Link className="button button-small" href="/customer/signup">
            {t("nav.signUp")}
          </Link>
        ) : null}
      </div>
    );
  }
  const { user } = session;
  return (
    <div className="account">
      <span className="who" data-testid="signed-in-as">
        {t("nav.signedInAs", { name: displayName(user), role: t(`role.${user.role}`) })}
      </span>
      <button
        type="button"
        className="button button-small button-secondary"
        onClick={() => void logout().finally(() => router.push(`/${area}/login`))}
      >
        {t("nav.signOut")}
      </button>
    </div>
  );
}

export function Header({ area }: { area: "customer" | "admin" }) {
  const { t } = useI18n();
  const pathname = usePathname();
  const { user } = useAuth();
  const { lines } = useCart();
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  const links =
    area === "customer"
      ? CUSTOMER_LINKS
      : ADMIN_LINKS.filter((link) => user && link.roles?.includes(user.role));
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="header-row">
        <Link className="brand" href={area === "customer" ? "/customer" : "/admin"}>
          {t("app.name")}
          <span className="brand-tagline">
            {area === "customer" ? t("app.customerTagline") : t("app.adminTagline")}
          </span>
        </Link>
        <div className="header-tools">
          <LanguageSwitch />
          <Account area={area} />
        </div>
      </div>
      {links.length > 0 || area === "customer" ? (
        <nav aria-label={t("nav.main")} className="site-nav">
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={isCurrent(pathname, link.href) ? "page" : undefined}
                >
                  {t(link.label)}
                </Link>
              </li>
            ))}
            {area === "customer" ? (
              <li>
                <Link
                  href="/customer/cart"
                  aria-current={isCurrent(pathname, "/customer/cart") ? "page" : undefined}
                  data-testid="cart-link"
                >
                  {count > 0 ? t("nav.cartCount", { count }) : t("nav.cart")}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
