import type { Schema } from './schema';

export type PathKey = string | number;

/** Keys naming Object.prototype members: never settings, though `k in DEFAULTS` says they are. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  '__proto__',
  'prototype',
]);

/** The parts of a valibot schema object the walkers read (valibot's own types are per-kind). */
export interface SchemaNode {
  type: string;
  message?: unknown;
  wrapped?: Schema;
  options?: Schema[];
  entries: Record<string, Schema>;
  item?: Schema;
  value?: Schema;
  literal?: unknown;
}

const WRAPPERS = new Set(['optional', 'exact_optional', 'nullable', 'nullish', 'non_optional']);

/**
 * The schema that applies to `input` with optional/nullable wrappers removed; of a union, the
 * option of the same shape (mapping, list) as the input. A pipe keeps its first schema's type.
 */
export function unwrap(schema: Schema, input?: unknown): SchemaNode {
  let s = schema as unknown as SchemaNode;
  for (let i = 0; i < 16; i++) {
    if (WRAPPERS.has(s.type) && s.wrapped) {
      s = s.wrapped as unknown as SchemaNode;
      continue;
    }
    if (s.type === 'union' && s.options) {
      const want = Array.isArray(input)
        ? ['array']
        : input !== null && typeof input === 'object'
          ? ['strict_object', 'object', 'record', 'custom']
          : [];
      const pick = s.options.map((o) => unwrap(o)).find((o) => want.includes(o.type));
      if (pick) {
        s = pick;
        continue;
      }
    }
    break;
  }
  return s;
}

/** The schema at a key path (undefined where the path leaves the schema). */
export function schemaAt(schema: Schema, path: readonly PathKey[]): Schema | undefined {
  let cur: Schema | undefined = schema;
  for (const k of path) {
    if (!cur) return undefined;
    const s = unwrap(cur, typeof k === 'number' ? [] : {});
    if (s.type === 'strict_object' || s.type === 'object') cur = Object.hasOwn(s.entries, k) ? s.entries[k] : undefined;
    else if (s.type === 'record') cur = s.value;
    else if (s.type === 'array') cur = s.item;
    else return undefined;
  }
  if (!cur) return undefined;
  const s = cur as unknown as SchemaNode;
  return WRAPPERS.has(s.type) && s.wrapped ? s.wrapped : cur;
}

/** The valid name closest to `key` (edit distance at most a third of its length, 1 at least), if any. */
export function closest(key: string, valid: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const name of valid) {
    const d = name.toLowerCase() === lower ? 0 : distance(lower, name.toLowerCase());
    const prefix = name.toLowerCase().startsWith(lower) && lower.length >= 3;
    const score = prefix ? Math.min(d, 0.5) : d;
    if (score < bestD) {
      bestD = score;
      best = name;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
