import { ConfigError, lookup } from '@wsstad/core';
import { DEFAULT_MODEL_CONFIG, normalizeModelConfig, type ModelConfig } from '@wsstad/relationship-module';
import { DEFAULT_TRAIN_CONFIG } from './defaults';
import { VARIANTS } from './variants';
import { resolveEngine } from './ort';
import type { TrainConfig } from './types';

const EXAMPLE = 'e.g. { "variant": "mgpr", "iterations": 150, "guidance": "in-bag", "pairing": "all", "model": { "hidden": [512, 32] } }';
const fail = (what: string, allowed: string): never => { throw new ConfigError(`train config: ${what}; allowed: ${allowed}`, { hint: EXAMPLE }); };

function num(r: Record<string, unknown>, k: string, lo: number, hi: number, integer = false): number {
  const v = r[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) fail(`${k} = ${JSON.stringify(v)}`, `${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`);
  return v as number;
}
function oneOf<T extends string>(r: Record<string, unknown>, k: string, opts: readonly T[]): T {
  if (!opts.includes(r[k] as T)) fail(`${k} = ${JSON.stringify(r[k])}`, opts.map((o) => `'${o}'`).join(' | '));
  return r[k] as T;
}

/** Fill defaults and range-check a training config (unknown variant names list the valid ones). */
export function normalizeTrainConfig(raw: unknown = {}): TrainConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`expected an object, got ${JSON.stringify(raw)}`, 'an object of TrainConfig fields');
  for (const k of Object.keys(raw as object)) if (!Object.hasOwn(DEFAULT_TRAIN_CONFIG, k)) fail(`unknown field '${k}'`, Object.keys(DEFAULT_TRAIN_CONFIG).join(', '));
  const r = { ...DEFAULT_TRAIN_CONFIG, ...(raw as Record<string, unknown>) } as Record<string, unknown>;
  const variant = lookup(VARIANTS, String(r.variant), 'training variant');
  const engine = oneOf(r, 'engine', ['auto', 'tfjs', 'onnxruntime'] as const);
  resolveEngine(engine, variant.relation); // a gcn variant forced onto onnxruntime fails here, before any data is read
  const model = (r.model ?? {}) as Record<string, unknown>;
  if (typeof model !== 'object' || Array.isArray(model)) fail('model must be an object', 'relationship-module config overrides');
  for (const k of ['featureDim', 'relation', 'branches']) if (Object.hasOwn(model, k)) fail(`model.${k} is set by the variant and the data`, 'heads, hidden, hidden2Activation, dropout, l2, gcnLayers, gcnTemporalScale');
  // Validate the overrides now (with a dummy dim) so a typo fails before any data is read.
  normalizeModelConfig({ ...model, featureDim: (Number(model.heads ?? DEFAULT_MODEL_CONFIG.heads) || 1) * 8 });
  return {
    variant: String(r.variant),
    seed: r.seed === null || r.seed === undefined ? null : num(r, 'seed', 0, 2 ** 31, true),
    iterations: num(r, 'iterations', 1, 1e7, true),
    batchAbnormal: num(r, 'batchAbnormal', 1, 1e5, true),
    batchNormal: num(r, 'batchNormal', 1, 1e5, true),
    learningRate: num(r, 'learningRate', 1e-9, 10),
    maxTubes: num(r, 'maxTubes', 1, 1e5, true),
    subTubes: num(r, 'subTubes', 1, 64, true),
    guidance: oneOf(r, 'guidance', ['in-bag', 'single'] as const),
    guidanceWeights: oneOf(r, 'guidanceWeights', ['raw', 'batch-mean'] as const),
    pairing: oneOf(r, 'pairing', ['index', 'all'] as const),
    validationFraction: num(r, 'validationFraction', 0, 0.9),
    validateEvery: num(r, 'validateEvery', 1, 1e7, true),
    selectBest: Boolean(r.selectBest),
    checkpointEvery: num(r, 'checkpointEvery', 0, 1e7, true),
    keepCheckpoints: Boolean(r.keepCheckpoints),
    microBatch: num(r, 'microBatch', 0, 1e5, true),
    memoryBudgetMB: num(r, 'memoryBudgetMB', 1, 1e6),
    engine,
    engineDevice: oneOf(r, 'engineDevice', ['cpu', 'cuda', 'auto'] as const),
    normalizer: oneOf(r, 'normalizer', ['standardize', 'standardize-per-input', 'none'] as const),
    poolL2: oneOf(r, 'poolL2', ['none', 'before', 'after', 'both'] as const),
    falseAlarmRate: num(r, 'falseAlarmRate', 0, 0.99),
    calibrationSubTubes: r.calibrationSubTubes === null ? null : num(r, 'calibrationSubTubes', 1, 1000, true),
    calibrationMaxTubes: r.calibrationMaxTubes === null ? null : num(r, 'calibrationMaxTubes', 0, 1e6, true),
    dmrmSmoothness: num(r, 'dmrmSmoothness', 0, 1e3),
    dmrmSparsity: num(r, 'dmrmSparsity', 0, 1e3),
    model: model as TrainConfig['model'],
  };
}

/** The relationship-module config a training config implies for features of dimension `featureDim`. */
export function modelConfigFor(cfg: TrainConfig, featureDim: number): ModelConfig {
  const v = lookup(VARIANTS, cfg.variant, 'training variant');
  return normalizeModelConfig({ ...cfg.model, featureDim, relation: v.relation, branches: v.branches });
}
