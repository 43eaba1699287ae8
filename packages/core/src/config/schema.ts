import * as v from 'valibot';

/**
 * Schema builders for every config of the project (stage params, the pipeline file, synth
 * overrides), on valibot (chosen by measurement: tools/bench/config-schema.ts, README "Config
 * validation"). Each builder carries the "allowed" text of its error message, so a failure reads
 * `key=value is invalid; allowed: an integer in [1, 1000]` whichever check failed. Nothing coerces:
 * the string "false" is not a boolean (only `parseCliSettings` reads `--set` text, explicitly).
 */
export type Schema<T = unknown> = v.GenericSchema<unknown, T>;
/** The value type a schema produces. */
export type Infer<S extends Schema> = v.InferOutput<S>;

const fmt = (x: number): string => String(x);

/** A finite number in [lo, hi]. */
export function num(lo: number, hi: number, allowed = `a number in [${fmt(lo)}, ${fmt(hi)}]`): Schema<number> {
  return v.pipe(v.number(allowed), v.finite(allowed), v.minValue(lo, allowed), v.maxValue(hi, allowed));
}

/** An integer in [lo, hi]. */
export function int(lo: number, hi: number, allowed = `an integer in [${fmt(lo)}, ${fmt(hi)}]`): Schema<number> {
  return v.pipe(v.number(allowed), v.integer(allowed), v.minValue(lo, allowed), v.maxValue(hi, allowed));
}

/** true or false, and nothing else (not "false", not 0). */
export function bool(): Schema<boolean> {
  return v.boolean('true or false');
}

/** One of a fixed set of literals (strings, numbers or booleans). */
export function oneOf<const T extends readonly (string | number | boolean)[]>(
  values: T,
  allowed = values.map((x) => JSON.stringify(x)).join(', '),
): Schema<T[number]> {
  return v.union(
    values.map((x) => v.literal(x)),
    allowed,
  ) as unknown as Schema<T[number]>;
}

/** A non-empty string; `pattern` adds a regular expression (shown in the message). */
export function str(pattern?: RegExp, allowed?: string): Schema<string> {
  const text = allowed ?? (pattern ? `a string matching ${pattern}` : 'a non-empty string');
  return pattern ? v.pipe(v.string(text), v.regex(pattern, text)) : v.pipe(v.string(text), v.minLength(1, text));
}

/** `schema` or null; give `schema` the same allowed text (e.g. 'null or a number >= 0'), its checks report. */
export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return v.nullable(schema);
}

/** A list of `item` with at least `min` entries (duplicates kept; callers dedupe when it matters). */
export function list<T>(item: Schema<T>, opts: { min?: number; len?: number; allowed: string }): Schema<T[]> {
  const { min = 0, len, allowed } = opts;
  const base = v.array(item, allowed);
  if (len !== undefined) return v.pipe(base, v.length(len, allowed));
  return min > 0 ? v.pipe(base, v.minLength(min, allowed)) : base;
}

/** A mapping of free keys to `value` (keys naming JavaScript built-ins are rejected by `normalizeWith`). */
export function record<T>(value: Schema<T>, allowed: string): Schema<Record<string, T>> {
  return v.record(v.string(), value, allowed);
}

/** Any mapping, passed through as is: for values another schema checks later (a stage's params). */
export function mapping(allowed = 'a mapping (key: value)'): Schema<Record<string, unknown>> {
  return v.custom<Record<string, unknown>>((x) => x !== null && typeof x === 'object' && !Array.isArray(x), allowed);
}

export type Shape = Record<string, Schema>;
type Out<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** Either of two schemas (e.g. a preset name or a config mapping). */
export function either<A, B>(a: Schema<A>, b: Schema<B>, allowed: string): Schema<A | B> {
  return v.union([a, b], allowed) as unknown as Schema<A | B>;
}

/** A mapping with exactly these keys (unknown keys are errors); absent keys stay absent unless `required`. */
export function object<S extends Shape>(
  shape: S,
  allowed = 'a mapping',
  required: readonly (keyof S)[] = [],
): Schema<Partial<Out<S>>> {
  const entries = Object.fromEntries(
    Object.entries(shape).map(([k, s]) => [k, required.includes(k) ? s : v.optional(s)]),
  );
  return v.strictObject(entries, allowed) as unknown as Schema<Partial<Out<S>>>;
}

/**
 * A config: exactly these keys, each filled from `defaults` when absent (a fresh copy, never the
 * frozen default itself). Defaults are validated like user values, so a bad default fails a test.
 */
export function defineConfig<S extends Shape>(
  shape: S,
  defaults: { readonly [K in keyof S]?: unknown },
): Schema<Out<S>> {
  const entries = Object.fromEntries(
    Object.entries(shape).map(([k, s]) => {
      if (!Object.hasOwn(defaults, k)) return [k, s];
      const d = (defaults as Record<string, unknown>)[k];
      return [k, v.optional(s, () => structuredClone(d))];
    }),
  );
  return v.strictObject(entries, 'a mapping') as unknown as Schema<Out<S>>;
}

/** A cross-field rule on an already typed value; `message` is the whole error text. */
export function refine<T>(
  schema: Schema<T>,
  ok: (value: T) => boolean,
  message: string | ((value: T) => string),
): Schema<T> {
  return v.pipe(schema, v.check(ok, typeof message === 'string' ? message : (issue) => message(issue.input as T)));
}

/** Attach a description (shown by editors through the generated JSON Schema). */
export function describe<T>(schema: Schema<T>, text: string): Schema<T> {
  return v.pipe(schema, v.description(text));
}
