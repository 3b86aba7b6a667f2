"use client";
// Users and roles: find accounts, change a role, disable or enable one, create staff,
// admin and auditor accounts. The API refuses to leave no active admin (409).
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import type { UserPage, UserRow, UserWritten } from "@/lib/api/accounts";
import { useAuth } from "@/lib/auth/session";
import { useI18n } from "@/lib/i18n/provider";
import { ROLES, type Role } from "@/lib/orders/status";
import { SignedIn } from "@/ui/admin/gate";
import { ErrorNotice, Loading, Success } from "@/ui/shared/feedback";

function UserLine({ user, onChanged }: { user: UserRow; onChanged: (message: string) => void }) {
  const { t } = useI18n();
  const { call, user: me } = useAuth();
  const [role, setRole] = useState<Role>(user.role);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const disabled = user.disabled;

  async function post(path: string, body?: object) {
    setPending(true);
    setError(null);
    try {
      await call<unknown>(`/api/users/${user.user_id}${path}`, { method: "POST", body });
      onChanged(t("users.updated", { email: user.email }));
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  function changeRole(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void post("/role", { role });
  }

  return (
    <tr>
      <th scope="row">
        {user.name}
        {me?.user_id === user.user_id ? " ✦" : ""}
        <span className="muted block">{user.email}</span>
        <ErrorNotice error={error} context="users" />
      </th>
      <td>
        <form className="row" onSubmit={changeRole}>
          <select value={role} onChange={(event) => setRole(event.target.value as Role)} aria-label={t("users.roleOf", { email: user.email })}>
            {ROLES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`role.${choice}`)}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="button button-small button-secondary"
            disabled={pending || role === user.role}
            aria-label={`${t("users.apply")}: ${user.email}`}
          >
            {t("users.apply")}
          </button>
        </form>
      </td>
      <td>
        <span className={`badge ${disabled ? "badge-cancelled" : "badge-confirmed"}`}>
          {disabled ? t("users.disabledState") : t("users.active")}
        </span>
      </td>
      <td>
        <button
          type="button"
          className={`button button-small ${disabled ? "button-secondary" : "button-danger"}`}
          disabled={pending}
          onClick={() => void post(disabled ? "/enable" : "/disable")}
          aria-label={`${disabled ? t("users.enable") : t("users.disable")}: ${user.email}`}
        >
          {disabled ? t("users.enable") : t("users.disable")}
        </button>
      </td>
    </tr>
  );
}

function CreateUser({ onCreated }: { onCreated: (message: string) => void }) {
  const { t } = useI18n();
  const { call } = useAuth();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setPending(true);
    setError(null);
    try {
      const created = await call<UserWritten>("/api/users", {
        method: "POST",
        body: {
          email: String(data.get("email")),
          name: String(data.get("name")),
          role: String(data.get("role")),
          password: String(data.get("password")),
        },
      });
      form.reset();
      onCreated(t("users.created", { email: created.email }));
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack panel" onSubmit={(event) => void create(event)} aria-busy={pending}>
      <h2>{t("users.create")}</h2>
      <div className="grid-2">
        <label className="field">
          <span>{t("common.name")}</span>
          <input name="name" required maxLength={200} autoComplete="off" />
        </label>
        <label className="field">
          <span>{t("common.email")}</span>
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label className="field">
          <span>{t("users.role")}</span>
          <select name="role" defaultValue="staff">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("users.password")}</span>
          <input name="password" type="password" required minLength={10} autoComplete="new-password" aria-describedby="new-password-hint" />
          <small id="new-password-hint">{t("auth.passwordHint")}</small>
        </label>
      </div>
      <ErrorNotice error={error} context="signup" />
      <button type="submit" className="button" disabled={pending}>
        {pending ? t("common.saving") : t("users.create")}
      </button>
    </form>
  );
}

function Users() {
  const { t } = useI18n();
  const { call } = useAuth();
  const client = useQueryClient();
  const [filter, setFilter] = useState<{ q?: string; role?: string }>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [message, setMessage] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useQuery({
    queryKey: ["users", filter, cursor],
    queryFn: ({ signal }) => call<UserPage>("/api/users", { query: { ...filter, limit: 20, cursor }, signal }),
    placeholderData: keepPreviousData,
  });

  function changed(text: string) {
    setMessage(text);
    window.setTimeout(() => void client.invalidateQueries({ queryKey: ["users"] }), 500);
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCursors([null]);
    setFilter({ q: String(form.get("q") ?? "").trim() || undefined, role: String(form.get("role") ?? "") || undefined });
  }

  const items = page.data?.items ?? [];
  return (
    <>
      <h1>{t("users.title")}</h1>
      <div aria-live="polite">{message ? <Success>{message}</Success> : null}</div>
      <form className="filters" role="search" onSubmit={search}>
        <label className="field">
          <span>{t("users.search")}</span>
          <input name="q" type="search" maxLength={200} />
        </label>
        <label className="field">
          <span>{t("users.role")}</span>
          <select name="role" defaultValue="">
            <option value="">{t("users.anyRole")}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t("common.search")}
        </button>
      </form>
      {page.isPending ? <Loading /> : null}
      <ErrorNotice error={page.error} onRetry={() => void page.refetch()} />
      {page.isSuccess && items.length === 0 ? <p>{t("users.none")}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("users.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("common.name")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.state")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <UserLine key={`${user.user_id}:${user.role}:${String(user.disabled)}`} user={user} onChanged={changed} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="row">
        {cursors.length > 1 ? (
          <button type="button" className="button button-secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            {t("common.previous")}
          </button>
        ) : null}
        {page.data?.next_cursor ? (
          <button type="button" className="button button-secondary" onClick={() => setCursors([...cursors, page.data?.next_cursor ?? null])}>
            {t("common.next")}
          </button>
        ) : null}
      </div>
      {page.isSuccess ? <CreateUser onCreated={changed} /> : null}
    </>
  );
}

export function UsersScreen() {
  return (
    <SignedIn>
      <Users />
    </SignedIn>
  );
}
