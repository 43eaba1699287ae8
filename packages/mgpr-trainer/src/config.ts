import { cfg, lookup, normalizeWith, type Schema } from '@wsstad/core';
import {
  DEFAULT_MODEL_CONFIG,
  DERIVED_MODEL_KEYS,
  MODEL_OVERRIDES_SCHEMA,
  normalizeModelConfig,
  type ModelConfig,
} from '@wsstad/relationship-module';
import { DEFAULT_TRAIN_CONFIG } from './defaults';
import { VARIANTS } from './variants';
import { resolveEngine } from './ort';
import type { TrainConfig } from './types';

const EXAMPLE =
  'e.g. { "variant": "mgpr", "iterations": 150, "guidance": "in-bag", "pairing": "all", ' +
  '"model": { "hidden": [512, 32] } }';
/** A literal set, listed the way the trainer's messages always have: 'a' | 'b'. */
const pick = <const T extends readonly string[]>(values: T): Schema<T[number]> =>
  cfg.oneOf(values, values.map((x) => `'${x}'`).join(' | '));
const count = (lo: number, hi: number): Schema<number | null> =>
  cfg.nullable(cfg.int(lo, hi, `null (as trained) or an integer in [${lo}, ${hi}]`));

type TrainParams = Omit<TrainConfig, 'model'> & { model: TrainConfig['model'] | null };

/** The train stage's params (also the `train` params of the generated pipeline.schema.json). */
export const TRAIN_PARAMS_SCHEMA: Schema<TrainParams> = cfg.defineConfig(
  {
    variant: pick(Object.keys(VARIANTS)),
    seed: cfg.nullable(cfg.int(0, 2 ** 31, `null (the pipeline's seed) or an integer in [0, ${2 ** 31}]`)),
    iterations: cfg.int(1, 1e7),
    batchAbnormal: cfg.int(1, 1e5),
    batchNormal: cfg.int(1, 1e5),
    learningRate: cfg.num(1e-9, 10),
    relationLearningRate: cfg.nullable(cfg.num(1e-9, 10, 'null (= learningRate) or a number in [1e-9, 10]')),
    maxTubes: cfg.int(1, 1e5),
    subTubes: cfg.int(1, 64),
    guidance: pick(['in-bag', 'single']),
    guidanceWeights: pick(['raw', 'batch-mean']),
    pairing: pick(['index', 'all']),
    validationFraction: cfg.num(0, 0.9),
    validateEvery: cfg.int(1, 1e7),
    selectBest: cfg.bool(),
    checkpointEvery: cfg.int(0, 1e7),
    keepCheckpoints: cfg.bool(),
    microBatch: cfg.int(0, 1e5),
    memoryBudgetMB: cfg.num(1, 1e6),
    engine: pick(['auto', 'tfjs', 'onnxruntime']),
    engineDevice: pick(['cpu', 'cuda', 'auto']),
    normalizer: pick(['standardize', 'standardize-per-input', 'none']),
    poolL2: pick(['none', 'before', 'after', 'both']),
    falseAlarmRate: cfg.num(0, 0.99),
    calibrationSubTubes: count(1, 1000),
    calibrationMaxTubes: count(0, 1e6),
    dmrmSmoothness: cfg.num(0, 1e3),
    dmrmSparsity: cfg.num(0, 1e3),
    // null has always meant "no overrides".
    model: cfg.nullable(MODEL_OVERRIDES_SCHEMA),
  },
  DEFAULT_TRAIN_CONFIG,
) as Schema<unknown> as Schema<TrainParams>;

// Examples for model.* come from the model's defaults, except for the keys nobody may set.
const MODEL_EXAMPLES = Object.fromEntries(
  Object.entries(DEFAULT_MODEL_CONFIG).filter(([k]) => !(DERIVED_MODEL_KEYS as readonly string[]).includes(k)),
);
const CTX = {
  subject: 'train',
  noun: 'param',
  defaults: { ...DEFAULT_TRAIN_CONFIG, model: MODEL_EXAMPLES },
  hint: EXAMPLE,
};

/** Fill defaults and range-check a training config; one ConfigError names the key, the allowed values, an example. */
export function normalizeTrainConfig(raw: unknown = {}): TrainConfig {
  const c = normalizeWith(TRAIN_PARAMS_SCHEMA, raw ?? {}, CTX);
  // A gcn variant forced onto onnxruntime fails here, before any data is read.
  resolveEngine(c.engine, lookup(VARIANTS, c.variant, 'training variant').relation);
  // The overrides in the order given (valibot writes shape order): model.json keeps its bytes.
  const given = Object.keys((raw as { model?: object } | undefined)?.model ?? {});
  const model = c.model ?? {};
  return { ...c, model: Object.fromEntries(given.map((k) => [k, model[k as keyof typeof model]])) };
}

/** The relationship-module config a training config implies for features of dimension `featureDim`. */
export function modelConfigFor(cfg: TrainConfig, featureDim: number): ModelConfig {
  const v = lookup(VARIANTS, cfg.variant, 'training variant');
  return normalizeModelConfig({ ...cfg.model, featureDim, relation: v.relation, branches: v.branches });
}
