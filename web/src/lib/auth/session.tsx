"use client";
// The signed-in person. The access token lives in memory only; the refresh token is an
// HttpOnly cookie scoped to /api/auth, so a page load (or a token about to expire) asks
// /api/auth/refresh for a new access token. The refresh token rotates on every use and a
// reused one revokes the whole family, so refreshes are serialised across this browser's
// tabs (Web Locks) and within a tab (one promise in flight).
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";

import type { TokenGranted, User } from "@/lib/api/accounts";
import { request, type RequestOptions } from "@/lib/api/client";
import { ApiError } from "@/lib/api/problem";

export type Session =
  | { status: "loading" }
  | { status: "anonymous"; expired: boolean }
  | { status: "signed-in"; user: User; token: string };

export interface Auth {
  session: Session;
  user: User | null;
  login: (email: string, password: string) => Promise<User>;
  signup: (email: string, password: string, name: string) => Promise<User>;
  logout: () => Promise<void>;
  /** A request with the current token; a 401 refreshes the token once and tries again. */
  call: <T>(path: string, options?: RequestOptions) => Promise<T>;
  /** A token valid now, refreshed first when it is about to expire or `renew` asks (for
   * WebSockets, which learn of a revoked token only from their close code). */
  freshToken: (renew?: boolean) => Promise<string | null>;
}

const AuthContext = createContext<Auth | null>(null);
const REFRESH_MARGIN_MS = 60_000;

interface Held {
  token: string;
  user: User;
  expiresAt: number;
}

async function refreshOnce(): Promise<TokenGranted | null> {
  const ask = async () => {
    try {
      return await request<TokenGranted>("/api/auth/refresh", { method: "POST" });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
      throw error;
    }
  };
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request("dinner-refresh", ask);
  }
  return ask();
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: "loading" });
  const held = useRef<Held | null>(null);
  const inFlight = useRef<Promise<Held | null> | null>(null);

  const adopt = useCallback((granted: TokenGranted): Held => {
    const { user_id, email, name, role } = granted.user;
    const user: User = { user_id, email, name, role };
    const next = {
      token: granted.access_token,
      user,
      expiresAt: Date.now() + granted.expires_in * 1000,
    };
    held.current = next;
    setSession({ status: "signed-in", user, token: next.token });
    return next;
  }, []);

  const signOutLocally = useCallback((expired: boolean) => {
    held.current = null;
    setSession({ status: "anonymous", expired });
  }, []);

  const refresh = useCallback((): Promise<Held | null> => {
    if (!inFlight.current) {
      inFlight.current = (async () => {
        try {
          const granted = await refreshOnce();
          if (granted) return adopt(granted);
          signOutLocally(held.current !== null);
          return null;
        } catch {
          // The API is unreachable: keep what we have; the next request says so.
          return held.current;
        } finally {
          inFlight.current = null;
        }
      })();
    }
    return inFlight.current;
  }, [adopt, signOutLocally]);

  useEffect(() => {
    void refresh().then((result) => {
      if (result === null) setSession({ status: "anonymous", expired: false });
    });
  }, [refresh]);

  // Renew the access token a minute before it expires, while the page is open.
  const expiresAt = session.status === "signed-in" ? held.current?.expiresAt : undefined;
  useEffect(() => {
    if (!expiresAt) return;
    const delay = Math.max(5_000, expiresAt - Date.now() - REFRESH_MARGIN_MS);
    const timer = window.setTimeout(() => void refresh(), delay);
    return () => window.clearTimeout(timer);
  }, [expiresAt, refresh]);

  const login = useCallback(
    async (email: string, password: string) => {
      const granted = await request<TokenGranted>("/api/auth/login", {
        method: "POST",
        body: { email, password },
      });
      return adopt(granted).user;
    },
    [adopt],
  );

  const signup = useCallback(
    async (email: string, password: string, name: string) => {
      await request<User>("/api/auth/signup", {
        method: "POST",
        body: { email, password, name },
      });
      return login(email, password);
    },
    [login],
  );

  const logout = useCallback(async () => {
    const token = held.current?.token;
    try {
      await request<void>("/api/auth/logout", { method: "POST", token });
    } finally {
      signOutLocally(false);
    }
  }, [signOutLocally]);

  const call = useCallback(
    async <T,>(path: string, options: RequestOptions = {}): Promise<T> => {
      const token = held.current?.token ?? null;
      try {
        return await request<T>(path, { ...options, token });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401 || !token) throw error;
        const renewed = await refresh();
        if (!renewed) throw error;
        return request<T>(path, { ...options, token: renewed.token });
      }
    },
    [refresh],
  );

  const freshToken = useCallback(
    async (renew = false) => {
      const current = held.current;
      if (!renew && current && current.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
        return current.token;
      }
      return (await refresh())?.token ?? null;
    },
    [refresh],
  );

  const value = useMemo<Auth>(
    () => ({
      session,
      user: session.status === "signed-in" ? session.user : null,
      login,
      signup,
      logout,
      call,
      freshToken,
    }),
    [session, login, signup, logout, call, freshToken],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
