import { cfg, normalizeWith, type Schema } from '@wsstad/core';
import { DEFAULT_EVAL_CONFIG, DEFAULT_INFER_CONFIG, MAX_KEY_FRAMES_PER_VIDEO } from './defaults';
import type { EvalConfig, InferConfig } from './types';

const L2 = ['none', 'before', 'after', 'both'] as const;
const asTrained = (lo: number, hi: number): Schema<number | null> =>
  cfg.nullable(cfg.int(lo, hi, `null (as the model was trained) or an integer in [${lo}, ${hi}]`));
const SEGMENTS = "'videolets' or an integer in [1, 100000]";

/** The infer stage's params (also the `infer` params of the generated pipeline.schema.json). */
export const INFER_PARAMS_SCHEMA: Schema<InferConfig> = cfg.defineConfig(
  {
    subTubes: asTrained(1, 1000),
    maxTubes: asTrained(0, 1_000_000),
    segments: cfg.either(cfg.oneOf(['videolets'], SEGMENTS), cfg.int(1, 100000, SEGMENTS), SEGMENTS),
    l2: cfg.nullable(cfg.oneOf(L2, `null (as the model was trained) or one of ${L2.map((x) => `"${x}"`).join(', ')}`)),
    frameScores: cfg.oneOf(['candidates', 'segments']),
    rangeThreshold: cfg.num(0, 1),
    tubeWeight: cfg.num(0, 1),
    localisationWeight: cfg.nullable(cfg.num(0, 1, 'null (= tubeWeight) or a number in [0, 1]')),
    bag: cfg.oneOf(['video', 'instance', 'mean', 'split']),
  },
  DEFAULT_INFER_CONFIG,
) as Schema<unknown> as Schema<InferConfig>;

const OPEN_UNIT = 'a number in (0, 1)';
const EPS = 'a non-empty list of numbers in [0, 1]';

/** The evaluate stage's params (also the `evaluate` params of the generated pipeline.schema.json). */
export const EVAL_PARAMS_SCHEMA: Schema<EvalConfig> = cfg.defineConfig(
  {
    eps: cfg.list(cfg.num(0, 1, EPS), { min: 1, allowed: EPS }),
    strict: cfg.bool(),
    farThreshold: cfg.num(0, 1),
    randomSeeds: cfg.int(1, 10000),
    subTubes: cfg.int(1, 1000),
    baselineCandidates: cfg.oneOf(['scored', 'both', 'tubes', 'sub-tubes']),
    reportVideos: cfg.int(0, 100000),
    keyFrames: cfg.bool(),
    keyFramesPerVideo: cfg.int(1, MAX_KEY_FRAMES_PER_VIDEO),
    // 'auto': IoU@eps and MIoU only when some abnormal test video has box ground truth.
    spatial: cfg.oneOf(['auto', true, false], "'auto', true or false"),
    bootstrap: cfg.int(0, 100000),
    ciLevel: cfg.refine(cfg.num(0, 1, OPEN_UNIT), (x) => x > 0 && x < 1, OPEN_UNIT),
  },
  DEFAULT_EVAL_CONFIG,
) as Schema<unknown> as Schema<EvalConfig>;

const INFER_HINT = 'e.g. { "subTubes": 4, "maxTubes": 200, "l2": "after" }';
const INFER_CTX = { subject: 'infer', noun: 'param', defaults: DEFAULT_INFER_CONFIG, hint: INFER_HINT };
const EVAL_HINT = 'e.g. { "eps": [0.1, 0.3] }';
const EVAL_CTX = { subject: 'evaluate', noun: 'param', defaults: DEFAULT_EVAL_CONFIG, hint: EVAL_HINT };

/** Fill inference defaults and range-check (one ConfigError names the key, the allowed values and an example). */
export function normalizeInferConfig(raw: unknown): InferConfig {
  return normalizeWith(INFER_PARAMS_SCHEMA, raw ?? {}, INFER_CTX);
}

/** Fill evaluation defaults and range-check; eps comes back deduplicated and ascending. */
export function normalizeEvalConfig(raw: unknown): EvalConfig {
  const c = normalizeWith(EVAL_PARAMS_SCHEMA, raw ?? {}, EVAL_CTX);
  return { ...c, eps: [...new Set(c.eps)].sort((a, b) => a - b) };
}
