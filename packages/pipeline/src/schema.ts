import { ConfigError } from '@wsstad/core';
import type { DatasetSpec, PipelineSpec, StageSpec } from './types';
import { DEFAULT_SEED } from './defaults';

/**
 * The pipeline-file schema, as code (no schema library): every check names the file, the key
 * path and what is allowed, so a typo is fixed without reading the runner.
 */
const NAME_RE = /^[a-z][a-z0-9-]*$/;
const TOP_KEYS = ['name', 'dataset', 'store', 'seed', 'stages'] as const;
const STAGE_KEYS = ['name', 'uses', 'params', 'inputs', 'splits'] as const;
const SPLITS = ['train', 'test'] as const;
const EXAMPLE = `name: toy
dataset: { manifest: data/manifest.json }
seed: 1
stages:
  - { name: detect, uses: detect, params: { threshold: 0.5 } }
  - { name: link, uses: link, inputs: { detections: detect.detections } }`;

class Checker {
  constructor(readonly file: string) {}
  fail(path: string, msg: string, allowed: string): never {
    throw new ConfigError(`${path}: ${msg}; allowed: ${allowed}`, { file: this.file, hint: `see the example pipeline:\n${EXAMPLE}` });
  }
  object(v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `expected a mapping, got ${kind(v)}`, `a mapping with keys ${keys.join(', ')}`);
    for (const k of Object.keys(v as object)) if (!keys.includes(k)) this.fail(`${path}.${k}`, `unknown key '${k}'`, keys.join(', '));
    return v as Record<string, unknown>;
  }
  map(v: unknown, path: string): Record<string, unknown> {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(path, `expected a mapping, got ${kind(v)}`, 'a mapping (key: value)');
    return v as Record<string, unknown>;
  }
  name(v: unknown, path: string): string {
    if (typeof v !== 'string' || !NAME_RE.test(v)) this.fail(path, `invalid name ${JSON.stringify(v)}`, `a string matching ${NAME_RE} (e.g. 'link')`);
    return v;
  }
  string(v: unknown, path: string): string {
    if (typeof v !== 'string' || v.length === 0) this.fail(path, `expected a non-empty string, got ${kind(v)}`, 'a string');
    return v;
  }
  int(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) this.fail(path, `expected a non-negative integer, got ${JSON.stringify(v)}`, 'an integer >= 0');
    return v;
  }
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}

/** Validate a parsed pipeline file (plain JSON data) and fill defaults. Throws ConfigError naming file and key. */
export function normalizePipelineSpec(raw: unknown, file: string): PipelineSpec {
  const c = new Checker(file);
  const top = c.object(raw, '$', TOP_KEYS);
  if (top.name === undefined) c.fail('$.name', 'missing', 'a pipeline name, e.g. name: synthetic');
  const name = c.name(top.name, '$.name');
  const dataset = normalizeDataset(c, top.dataset);
  const store = top.store === undefined ? undefined : c.string(top.store, '$.store');
  const seed = top.seed === undefined ? DEFAULT_SEED : c.int(top.seed, '$.seed');
  if (!Array.isArray(top.stages) || top.stages.length === 0) c.fail('$.stages', `expected a non-empty list, got ${kind(top.stages)}`, 'a list of { name, uses, params?, inputs?, splits? }');
  const stages: StageSpec[] = [];
  const seen = new Set<string>();
  (top.stages as unknown[]).forEach((s, i) => {
    const p = `$.stages[${i}]`;
    const o = c.object(s, p, STAGE_KEYS);
    const sname = c.name(o.name, `${p}.name`);
    if (seen.has(sname)) c.fail(`${p}.name`, `duplicate stage name '${sname}'`, 'unique stage names');
    seen.add(sname);
    const uses = o.uses === undefined ? sname : c.string(o.uses, `${p}.uses`);
    const params = c.map(o.params, `${p}.params`);
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.map(o.inputs, `${p}.inputs`))) {
      if (typeof v !== 'string' || !/^[a-z][a-z0-9-]*\.[A-Za-z0-9_-]+$/.test(v)) return c.fail(`${p}.inputs.${k}`, `invalid reference ${JSON.stringify(v)}`, "'<earlier stage>.<artifact>', e.g. detect.detections");
      const ref = v as string;
      const from = ref.split('.')[0]!;
      if (!seen.has(from) || from === sname) c.fail(`${p}.inputs.${k}`, `stage '${from}' is not an earlier stage`, [...seen].filter((x) => x !== sname).join(', ') || '(no earlier stage)');
      inputs[k] = ref;
    }
    let splits: Array<'train' | 'test'> | undefined;
    if (o.splits !== undefined) {
      if (!Array.isArray(o.splits) || o.splits.length === 0 || o.splits.some((x) => !SPLITS.includes(x as never))) c.fail(`${p}.splits`, `invalid ${JSON.stringify(o.splits)}`, `a non-empty list of ${SPLITS.join(', ')}`);
      splits = [...new Set(o.splits as Array<'train' | 'test'>)].sort();
    }
    stages.push({ name: sname, uses, params, inputs, ...(splits ? { splits } : {}) });
  });
  return { name, dataset, ...(store !== undefined ? { store } : {}), seed, stages };
}

function normalizeDataset(c: Checker, v: unknown): DatasetSpec {
  const d = c.object(v, '$.dataset', ['manifest', 'synth']);
  const keys = Object.keys(d);
  if (keys.length !== 1) c.fail('$.dataset', `expected exactly one of manifest, synth; got ${keys.join(', ') || 'none'}`, 'manifest: <path> | synth: { preset, seed, overrides }');
  if (d.manifest !== undefined) return { kind: 'manifest', manifest: c.string(d.manifest, '$.dataset.manifest') };
  const s = c.object(d.synth, '$.dataset.synth', ['preset', 'seed', 'overrides']);
  return {
    kind: 'synth',
    preset: c.string(s.preset, '$.dataset.synth.preset'),
    seed: s.seed === undefined ? 0 : c.int(s.seed, '$.dataset.synth.seed'),
    overrides: c.map(s.overrides, '$.dataset.synth.overrides'),
  };
}
