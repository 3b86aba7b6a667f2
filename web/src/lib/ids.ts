// Idempotency keys and payment references: random, and available outside a secure context
// (crypto.randomUUID is not, e.g. on http://192.168.…), where getRandomValues still is.
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
