// What changed between two states of an aggregate, field by field. Nested objects and lists
// are walked down to their leaves, so a change of one line's quantity reads as
// "items.0.quantity: 1 → 2" rather than "items changed".
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

type Leaves = Map<string, unknown>;

function leaves(value: unknown, path: string, into: Leaves): Leaves {
  if (Array.isArray(value)) {
    if (value.length === 0) into.set(path, []);
    value.forEach((item, index) => leaves(item, path ? `${path}.${index}` : String(index), into));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) into.set(path, {});
    for (const [key, item] of entries) leaves(item, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, value);
  }
  return into;
}

/** The fields that differ, in the order they first appear; `ignore` names top-level fields
 * that always differ between two points (revision, position, recorded_at). */
export function diff(before: unknown, after: unknown, ignore: readonly string[] = []): Change[] {
  const a = leaves(before, "", new Map());
  const b = leaves(after, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((path) => !ignore.includes(path.split(".")[0] ?? path))
    .filter((path) => JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path)))
    .map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

export function shown(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
