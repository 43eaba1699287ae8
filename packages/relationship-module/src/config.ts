import { ConfigError } from '@wsstad/core';
import { DEFAULT_MODEL_CONFIG } from './defaults';
import type { ModelConfig } from './types';

const EXAMPLE = `e.g. { "featureDim": 512, "relation": "attention", "heads": 8, "hidden": [512, 32] }`;

function fail(what: string, allowed: string): never {
  throw new ConfigError(`model config: ${what}; allowed: ${allowed}`, { hint: EXAMPLE });
}

function int(v: unknown, name: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) fail(`${name} = ${JSON.stringify(v)}`, `an integer in [${lo}, ${hi}]`);
  return v;
}

function num(v: unknown, name: string, lo: number, hi: number, openHi = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || (openHi ? v >= hi : v > hi)) fail(`${name} = ${JSON.stringify(v)}`, `a number in [${lo}, ${hi}${openHi ? ')' : ']'}`);
  return v;
}

function oneOf<T extends string>(v: unknown, name: string, options: readonly T[]): T {
  if (typeof v !== 'string' || !options.includes(v as T)) fail(`${name} = ${JSON.stringify(v)}`, options.map((o) => `'${o}'`).join(' | '));
  return v as T;
}

/** Fill defaults and range-check a model config; throws ConfigError naming the field, the allowed values and an example. */
export function normalizeModelConfig(raw: unknown = {}): ModelConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`expected an object, got ${JSON.stringify(raw)}`, 'an object of ModelConfig fields');
  const r = { ...DEFAULT_MODEL_CONFIG, ...(raw as Partial<ModelConfig>) };
  const known = new Set(Object.keys(DEFAULT_MODEL_CONFIG));
  for (const k of Object.keys(raw as object)) if (!known.has(k)) fail(`unknown field '${k}'`, [...known].join(', '));
  const featureDim = int(r.featureDim, 'featureDim', 1, 1 << 16);
  const heads = int(r.heads, 'heads', 1, 64);
  const relation = oneOf(r.relation, 'relation', ['attention', 'gcn', 'none'] as const);
  if (relation === 'attention' && featureDim % heads !== 0) fail(`heads = ${heads} does not divide featureDim = ${featureDim}`, 'heads dividing featureDim (eq. 2 splits D into H heads of D/H)');
  if (!Array.isArray(r.hidden) || r.hidden.length !== 2) fail(`hidden = ${JSON.stringify(r.hidden)}`, 'two positive integers [h1, h2]');
  const hidden = [int(r.hidden[0], 'hidden[0]', 1, 1 << 16), int(r.hidden[1], 'hidden[1]', 1, 1 << 16)] as const;
  return {
    featureDim, relation, heads, hidden,
    hidden2Activation: oneOf(r.hidden2Activation, 'hidden2Activation', ['linear', 'relu'] as const),
    dropout: num(r.dropout, 'dropout', 0, 1, true),
    l2: num(r.l2, 'l2', 0, 10),
    gcnLayers: int(r.gcnLayers, 'gcnLayers', 1, 2),
    gcnTemporalScale: num(r.gcnTemporalScale, 'gcnTemporalScale', 1e-6, 1e6),
    branches: oneOf(r.branches, 'branches', ['dual', 'tube', 'temporal'] as const),
  };
}
