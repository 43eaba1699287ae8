import { cfg, normalizeWith, type Schema } from '@wsstad/core';
import { DEFAULT_MODEL_CONFIG } from './defaults';
import type { ModelConfig } from './types';

const EXAMPLE = `e.g. { "featureDim": 512, "relation": "attention", "heads": 8, "hidden": [512, 32] }`;
const WIDTH = 1 << 16;
const HIDDEN = 'two positive integers [h1, h2]';
const HEADS_RULE = 'heads dividing featureDim (eq. 2 splits D into H heads of D/H)';

const FIELDS = {
  featureDim: cfg.int(1, WIDTH),
  relation: cfg.oneOf(['attention', 'gcn', 'none'], "'attention' | 'gcn' | 'none'"),
  heads: cfg.int(1, 64),
  attentionInit: cfg.oneOf(['glorot', 'zero-value'], "'glorot' | 'zero-value'"),
  attentionCentering: cfg.oneOf(['none', 'bag-mean'], "'none' | 'bag-mean'"),
  scorer: cfg.oneOf(['mlp', 'linear'], "'mlp' | 'linear'"),
  hidden: cfg.list(cfg.int(1, WIDTH), { len: 2, allowed: HIDDEN }) as Schema<unknown> as Schema<ModelConfig['hidden']>,
  hidden2Activation: cfg.oneOf(['linear', 'relu'], "'linear' | 'relu'"),
  outputInit: cfg.oneOf(['glorot', 'zero'], "'glorot' | 'zero'"),
  // Dropout 1 would zero every activation: the range is half-open.
  dropout: cfg.refine(cfg.num(0, 1, 'a number in [0, 1)'), (p) => p < 1, 'a number in [0, 1)'),
  l2: cfg.num(0, 10),
  relationL2: cfg.num(0, 10),
  gcnLayers: cfg.int(1, 2),
  gcnTemporalScale: cfg.num(1e-6, 1e6),
  branches: cfg.oneOf(['dual', 'tube', 'temporal'], "'dual' | 'tube' | 'temporal'"),
};

/** The model's settings (saved with the model). */
export const MODEL_CONFIG_SCHEMA: Schema<ModelConfig> = cfg.refine(
  cfg.defineConfig(FIELDS, DEFAULT_MODEL_CONFIG),
  (c) => c.relation !== 'attention' || c.featureDim % c.heads === 0,
  (c) => `heads = ${c.heads} does not divide featureDim = ${c.featureDim}; allowed: ${HEADS_RULE}`,
) as Schema<ModelConfig>;

/** The keys a trainer sets itself: the variant gives relation and branches, the data featureDim. */
export const DERIVED_MODEL_KEYS = ['featureDim', 'relation', 'branches'] as const;
export type ModelOverrides = Partial<Omit<ModelConfig, (typeof DERIVED_MODEL_KEYS)[number]>>;
const DERIVED = `nothing: ${DERIVED_MODEL_KEYS.join(', ')} are set by the variant and the data`;
// A key that is named (so the message says why) but takes no value: every input fails the check.
const derived = (): Schema => cfg.refine(cfg.mapping(DERIVED), () => false, DERIVED);

/**
 * The trainer's `model` params: MODEL_CONFIG_SCHEMA's fields and ranges, each optional and without
 * defaults (the overrides are saved as given); featureDim, relation and branches are refused. The
 * heads-divide-featureDim rule waits for the data (normalizeModelConfig at training time).
 */
export const MODEL_OVERRIDES_SCHEMA: Schema<ModelOverrides> = cfg.object(
  {
    ...FIELDS,
    ...Object.fromEntries(DERIVED_MODEL_KEYS.map((k) => [k, derived()])),
  },
  'a mapping of model settings (heads, attentionInit, attentionCentering, scorer, hidden, hidden2Activation, ' +
    'outputInit, dropout, l2, relationL2, gcnLayers, gcnTemporalScale)',
) as Schema<unknown> as Schema<ModelOverrides>;

const CTX = { prefix: 'model config: ', noun: 'field', defaults: DEFAULT_MODEL_CONFIG, hint: EXAMPLE };

/** Fill defaults and range-check a model config; one ConfigError names the field, the allowed values and an example. */
export function normalizeModelConfig(raw: unknown = {}): ModelConfig {
  return normalizeWith(MODEL_CONFIG_SCHEMA, raw, CTX);
}
