import { cfg, normalizeWith, type Schema } from '@wsstad/core';
import { DEFAULT_MODEL_CONFIG } from './defaults';
import type { ModelConfig } from './types';

const EXAMPLE = `e.g. { "featureDim": 512, "relation": "attention", "heads": 8, "hidden": [512, 32] }`;
const WIDTH = 1 << 16;
const HIDDEN = 'two positive integers [h1, h2]';
const HEADS_RULE = 'heads dividing featureDim (eq. 2 splits D into H heads of D/H)';

/** The model's settings (saved with the model; the trainer's `model` params). */
export const MODEL_CONFIG_SCHEMA: Schema<ModelConfig> = cfg.refine(cfg.defineConfig({
  featureDim: cfg.int(1, WIDTH),
  relation: cfg.oneOf(['attention', 'gcn', 'none'], "'attention' | 'gcn' | 'none'"),
  heads: cfg.int(1, 64),
  hidden: cfg.list(cfg.int(1, WIDTH), { len: 2, allowed: HIDDEN }) as Schema<unknown> as Schema<ModelConfig['hidden']>,
  hidden2Activation: cfg.oneOf(['linear', 'relu'], "'linear' | 'relu'"),
  // Dropout 1 would zero every activation: the range is half-open.
  dropout: cfg.refine(cfg.num(0, 1, 'a number in [0, 1)'), (p) => p < 1, 'a number in [0, 1)'),
  l2: cfg.num(0, 10),
  gcnLayers: cfg.int(1, 2),
  gcnTemporalScale: cfg.num(1e-6, 1e6),
  branches: cfg.oneOf(['dual', 'tube', 'temporal'], "'dual' | 'tube' | 'temporal'"),
}, DEFAULT_MODEL_CONFIG),
(c) => c.relation !== 'attention' || c.featureDim % c.heads === 0,
(c) => `heads = ${c.heads} does not divide featureDim = ${c.featureDim}; allowed: ${HEADS_RULE}`,
) as Schema<ModelConfig>;

const CTX = { prefix: 'model config: ', noun: 'field', defaults: DEFAULT_MODEL_CONFIG, hint: EXAMPLE };

/** Fill defaults and range-check a model config; one ConfigError names the field, the allowed values and an example. */
export function normalizeModelConfig(raw: unknown = {}): ModelConfig {
  return normalizeWith(MODEL_CONFIG_SCHEMA, raw, CTX);
}
