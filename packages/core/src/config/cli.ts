import type { Schema } from './schema';
import { unwrap, type SchemaNode } from './walk';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Read `--set key=value` text by the schema's declared type of each key: a number key takes a
 * decimal number, a boolean key exactly 'true' or 'false', a list key comma-separated items.
 * Anything else is left as the string, so `normalizeWith` rejects it with the allowed values
 * ('False', 'yes' or '1' for a boolean are errors, never true). Only for command-line text: files
 * and stage params are typed already and validated without this step.
 */
export function parseCliSettings(schema: Schema, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const top = unwrap(schema, {});
  // fromEntries, not assignment: `out['__proto__'] = x` would drop the key that validation must reject.
  return Object.fromEntries(
    Object.entries(raw).map(([k, val]) => {
      const entry =
        (top.type === 'strict_object' || top.type === 'object') && Object.hasOwn(top.entries, k)
          ? top.entries[k]
          : undefined;
      return [k, typeof val === 'string' && entry ? parseText(unwrap(entry), val) : val];
    }),
  );
}

function parseText(s: SchemaNode, text: string): unknown {
  const t = text.trim();
  if (s.type === 'number') return NUMBER.test(t) ? Number(t) : text;
  if (s.type === 'boolean') return t === 'true' ? true : t === 'false' ? false : text;
  if (s.type === 'array' && s.item) {
    const item = unwrap(s.item);
    return t
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .map((x) => parseText(item, x));
  }
  if (s.type === 'union' && s.options) {
    // A literal set such as [true, false, 'auto']: the text names one of its literals.
    const lits = s.options.map((o) => (o as unknown as SchemaNode).literal);
    const hit = lits.find((l) => String(l) === t);
    if (hit !== undefined) return hit;
    const nonNull = s.options.map((o) => unwrap(o)).find((o) => o.type !== 'null' && o.type !== 'literal');
    return nonNull ? parseText(nonNull, text) : text;
  }
  return text;
}
