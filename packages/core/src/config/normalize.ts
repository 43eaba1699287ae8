import * as v from 'valibot';
import { ConfigError } from '../errors';
import type { Schema } from './schema';
import { closest, PROTOTYPE_KEYS, schemaAt, unwrap, type PathKey } from './walk';

/** How messages name things; every field is optional. */
export interface ConfigContext {
  /** Put before every message, e.g. 'link config: '. */
  prefix?: string;
  /** Whose keys these are, in messages: 'detect', "detector 'onnx'", 'synth' (default none). */
  subject?: string;
  /** What a key is called in messages: 'key' (default), 'param', 'setting'. */
  noun?: string;
  /** The file the config came from (a pipeline.yaml, a params file): named first in the message. */
  file?: string;
  /** '$' writes paths as JSONPath ($.stages[0].name), the pipeline file's style; default a.b[0]. */
  root?: '$';
  /** Values shown as the example of the fix (`e.g. key: <value>`), looked up by key path. */
  defaults?: unknown;
  /** The fix when no default applies (an example config). */
  hint?: string;
}

/**
 * Validate `input` against `schema` and return the typed value with defaults filled. Throws one
 * ConfigError naming the file, the key path, what is allowed and an example. Unknown keys are
 * errors (with the valid keys and a did-you-mean); keys naming JavaScript built-ins (constructor,
 * __proto__, toString) are never taken for settings; nothing is coerced.
 */
export function normalizeWith<T>(schema: Schema<T>, input: unknown, ctx: ConfigContext = {}): T {
  checkKeys(schema, input, [], ctx);
  const r = v.safeParse(schema, input, { abortEarly: true });
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path: PathKey[] = (issue.path ?? []).map((p) => p.key as PathKey);
  const noun = who(ctx);
  if (path.length === 0 && (input === null || typeof input !== 'object')) notAMapping(input, path, ctx);
  // A rule over a whole mapping writes the whole message; a rule on one value is its allowed text.
  if (issue.type === 'check' && path.length === 0) fail(ctx, issue.message, path);
  const missing = issue.type === 'strict_object' && issue.input === undefined;
  const allowed = missing ? (messageOf(schemaAt(schema, path)) ?? issue.expected ?? '') : issue.message;
  const needs = `${ctx.subject ? `${ctx.subject} ` : ''}needs ${ctx.noun ?? 'key'} '${pathText(path, ctx)}'`;
  if (missing) fail(ctx, `${needs}; allowed: ${allowed}`, path);
  fail(ctx, `${noun} ${pathText(path, ctx)}=${show(valueAt(input, path))} is invalid; allowed: ${allowed}`, path);
}

function checkKeys(schema: Schema | undefined, input: unknown, path: PathKey[], ctx: ConfigContext): void {
  if (!schema || input === null || typeof input !== 'object') return;
  const s = unwrap(schema, input);
  if (Array.isArray(input)) {
    if (s.type === 'array') input.forEach((x, i) => checkKeys(s.item, x, [...path, i], ctx));
    // valibot takes a list for a mapping (both are objects): the config would silently be all defaults.
    else if (MAPPINGS.has(s.type)) notAMapping(input, path, ctx, messageOf(s as unknown as Schema));
    return;
  }
  const obj = input as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const at = [...path, k];
    if (s.type === 'strict_object' || s.type === 'object') {
      if (!Object.hasOwn(s.entries, k)) unknownKey(s.entries, at, ctx);
      checkKeys(s.entries[k], obj[k], at, ctx);
    } else if (s.type === 'record') {
      if (PROTOTYPE_KEYS.has(k)) {
        const why = `'${k}' is not a valid key (it names a JavaScript object built-in)`;
        fail(ctx, `${who(ctx)} ${pathText(at, ctx)}: ${why}`, at);
      }
      checkKeys(s.value, obj[k], at, ctx);
    }
  }
}

const MAPPINGS = new Set(['strict_object', 'object', 'record', 'custom']);
const who = (ctx: ConfigContext): string => [ctx.subject, ctx.noun ?? 'key'].filter(Boolean).join(' ');

function notAMapping(input: unknown, path: PathKey[], ctx: ConfigContext, allowed = 'a mapping'): never {
  const noun = who(ctx);
  const whose = noun === 'key' ? 'config' : `${noun}s`;
  if (path.length === 0) fail(ctx, `${whose} must be a mapping (an object), got ${show(input)}`, []);
  fail(ctx, `${noun} ${pathText(path, ctx)}=${show(input)} is invalid; allowed: ${allowed}`, path);
}

function unknownKey(entries: Record<string, unknown>, path: PathKey[], ctx: ConfigContext): never {
  const valid = Object.keys(entries).sort();
  const key = String(path[path.length - 1]);
  const near = PROTOTYPE_KEYS.has(key) ? undefined : closest(key, valid);
  const mean = near ? `; did you mean '${near}'?` : '';
  fail(ctx, `unknown ${who(ctx)} '${pathText(path, ctx)}'; valid: ${valid.join(', ')}${mean}`, path, near);
}

function fail(ctx: ConfigContext, message: string, path: PathKey[], near?: string): never {
  const key = near ?? (path.length ? String(path[path.length - 1]) : undefined);
  const at = near ? [...path.slice(0, -1), near] : path;
  const named = key !== undefined && typeof path[path.length - 1] === 'string';
  const example = named ? valueAt(ctx.defaults, at) : undefined;
  const hint = example !== undefined && example !== null ? `e.g. ${key}: ${JSON.stringify(example)}` : ctx.hint;
  const details = { ...(ctx.file ? { file: ctx.file } : {}), ...(hint ? { hint } : {}) };
  throw new ConfigError(`${ctx.prefix ?? ''}${message}`, details);
}

function messageOf(s: Schema | undefined): string | undefined {
  const m = (s as { message?: unknown } | undefined)?.message;
  return typeof m === 'string' ? m : undefined;
}

/** `a.b[0]`, or `$.a.b[0]` with root '$'. */
export function pathText(path: readonly PathKey[], ctx: { root?: '$' } = {}): string {
  let out = ctx.root ?? '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out || (ctx.root ?? '(top)');
}

function valueAt(x: unknown, path: readonly PathKey[]): unknown {
  let cur = x;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<PathKey, unknown>)[k];
  }
  return cur;
}

/** A value as it would be written in JSON, cut to 60 characters. */
function show(x: unknown): string {
  const s = x === undefined ? 'nothing' : (JSON.stringify(x) ?? String(x));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
