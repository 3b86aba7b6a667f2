// Accounts: the signed-in person, tokens, and the admin's users list, from the generated
// API types.
import type { components as CommandComponents } from "@/lib/api/command";
import type { components as QueryComponents } from "@/lib/api/query";

type C = CommandComponents["schemas"];
type Q = QueryComponents["schemas"];

/** Who a token speaks for. A service account made with `dinner token` has no email or name. */
export type User = Q["Me"];
export type TokenGranted = C["SignedIn"];
export type UserRow = Q["UserView"];
export type UserPage = Q["UserPage"];
export type UserWritten = C["UserWritten"];

export function displayName(user: User): string {
  return user.name ?? user.email ?? user.user_id;
}
