"use client";
// Sign-in and sign-up forms; after success they go where the person was heading.
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { ErrorNotice } from "@/ui/shared/feedback";

/** A `next` that stays on this site (an open redirect would be a phishing tool). */
function nextPath(raw: string | null, fallback: string): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//")) return fallback;
  return raw;
}

export function SignInForm({ area }: { area: "customer" | "admin" }) {
  const { t } = useI18n();
  const { login } = useAuth();
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await login(String(form.get("email")), String(form.get("password")));
      router.push(nextPath(params.get("next"), `/${area}`));
    } catch (caught) {
      setError(caught);
      setPending(false);
    }
  }

  return (
    <div className="narrow">
      <h1>{area === "customer" ? t("auth.signInTitle") : t("auth.staffSignInTitle")}</h1>
      {params.get("next") ? <p>{t("auth.signInToContinue")}</p> : null}
      <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={pending}>
        <label className="field">
          <span>{t("auth.email")}</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label className="field">
          <span>{t("auth.password")}</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ErrorNotice error={error} context="login" />
        <button className="button" type="submit" disabled={pending}>
          {pending ? t("auth.signingIn") : t("auth.signInButton")}
        </button>
      </form>
      {area === "customer" ? (
        <p>
          <Link href="/customer/signup">{t("auth.noAccount")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function SignUpForm() {
  const { t } = useI18n();
  const { signup } = useAuth();
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await signup(
        String(form.get("email")),
        String(form.get("password")),
        String(form.get("name")),
      );
      router.push(nextPath(params.get("next"), "/customer"));
    } catch (caught) {
      setError(caught);
      setPending(false);
    }
  }

  return (
    <div className="narrow">
      <h1>{t("auth.signUpTitle")}</h1>
      <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={pending}>
        <label className="field">
          <span>{t("auth.name")}</span>
          <input name="name" autoComplete="name" required maxLength={200} />
        </label>
        <label className="field">
          <span>{t("auth.email")}</span>
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label className="field">
          <span>{t("auth.password")}</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            aria-describedby="password-hint"
          />
          <small id="password-hint">{t("auth.passwordHint")}</small>
        </label>
        <ErrorNotice error={error} context="signup" />
        <button className="button" type="submit" disabled={pending}>
          {pending ? t("auth.creating") : t("auth.signUpButton")}
        </button>
      </form>
      <p>
        <Link href="/customer/login">{t("auth.haveAccount")}</Link>
      </p>
    </div>
  );
}

/** What a screen that needs a signed-in person shows until there is one. */
export function SignInFirst({ area }: { area: "customer" | "admin" }) {
  const { t } = useI18n();
  const { session } = useAuth();
  const here = typeof window === "undefined" ? "" : window.location.pathname;
  return (
    <div className="notice" role="status">
      {session.status === "anonymous" && session.expired ? <p>{t("error.signedOut")}</p> : null}
      <p>{t("auth.signInToContinue")}</p>
      <Link className="button" href={`/${area}/login?next=${encodeURIComponent(here)}`}>
        {t("nav.signIn")}
      </Link>
    </div>
  );
}
