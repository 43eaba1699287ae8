import { cfg, normalizeWith, type Schema } from '@wsstad/core';
import { DEFAULT_C3D, DEFAULT_CLIP_GRID, DEFAULT_FEATURES_CONFIG, DEFAULT_HOG_HOF_MBH } from './defaults';
import type { C3dConfig, ClipGridConfig, FeaturesConfig, HogHofMbhConfig } from './types';

const EXAMPLE = "e.g. { backbone: 'hog-hof-mbh', grid: { clipLength: 16, stride: 16 }, contextMargin: 0.25 }";
const FILE = 'null or a file path';
const MEAN = "three numbers (finite, per channel, in the input's channel order), e.g. [104, 117, 128] for bgr";

/**
 * The clip grid. minTailFrames defaults to min(4, clipLength), so the grid's defaults are filled in
 * `normalizeFeaturesConfig`, not here; the rule checks the values as they will be after that.
 */
const GRID_SCHEMA = cfg.refine(
  cfg.object(
    { clipLength: cfg.int(1, 256), stride: cfg.int(1, 256), minTailFrames: cfg.int(1, 256) },
    'a mapping { clipLength, stride, minTailFrames }',
  ),
  (g) => {
    const f = fillGrid(g);
    return f.stride <= f.clipLength && f.minTailFrames <= f.clipLength;
  },
  (g) => {
    const f = fillGrid(g);
    return (
      `stride and minTailFrames at most clipLength (${f.clipLength} here), got stride ${f.stride}` +
      ` and minTailFrames ${f.minTailFrames}`
    );
  },
);

const FLOW_SCHEMA = cfg.defineConfig(
  {
    pyrScale: cfg.num(0.1, 0.9),
    levels: cfg.int(1, 6),
    winsize: cfg.int(3, 63),
    iterations: cfg.int(1, 20),
    polyN: cfg.oneOf([5, 7], '5 or 7 (OpenCV Farneback)'),
    polySigma: cfg.num(0.5, 3),
  },
  DEFAULT_HOG_HOF_MBH.flow,
);

const HOG_SCHEMA: Schema<HogHofMbhConfig> = cfg.defineConfig(
  {
    tubeSize: cfg.int(8, 256),
    frameWidth: cfg.int(8, 512),
    frameHeight: cfg.int(8, 512),
    gridX: cfg.int(1, 8),
    gridY: cfg.int(1, 8),
    temporalCells: cfg.int(1, 8),
    hogWeight: cfg.num(0, 10),
    flow: FLOW_SCHEMA,
  },
  DEFAULT_HOG_HOF_MBH,
);

const C3D_SCHEMA = cfg.refine(
  cfg.defineConfig(
    {
      weights: cfg.nullable(cfg.str(undefined, FILE)),
      onnx: cfg.nullable(cfg.str(undefined, FILE)),
      channelOrder: cfg.oneOf(['rgb', 'bgr']),
      mean: cfg.list(cfg.num(-1e6, 1e6, MEAN), { len: 3, allowed: MEAN }) as Schema<unknown> as Schema<
        C3dConfig['mean']
      >,
      batchSize: cfg.int(1, 64),
      device: cfg.oneOf(['auto', 'cpu', 'cuda']),
      threads: cfg.int(0, 256),
    },
    DEFAULT_C3D,
  ),
  (c) => !(c.weights && c.onnx),
  'exactly one of c3d.weights and c3d.onnx (both are set), e.g. c3d: { onnx: c3d.onnx }',
) as Schema<C3dConfig>;

/** The features stage's params (also the `features` params of the generated pipeline.schema.json). */
export const FEATURES_CONFIG_SCHEMA = cfg.defineConfig(
  {
    backbone: cfg.oneOf(['hog-hof-mbh', 'c3d']),
    grid: GRID_SCHEMA,
    contextMargin: cfg.num(0, 4),
    wholeFrame: cfg.bool(),
    hog: HOG_SCHEMA,
    c3d: C3D_SCHEMA,
  },
  DEFAULT_FEATURES_CONFIG,
);

const CTX = { subject: 'features', noun: 'param', defaults: DEFAULT_FEATURES_CONFIG, hint: EXAMPLE };

function fillGrid(g: Partial<ClipGridConfig>): ClipGridConfig {
  const clipLength = g.clipLength ?? DEFAULT_CLIP_GRID.clipLength;
  return {
    clipLength,
    stride: g.stride ?? DEFAULT_CLIP_GRID.stride,
    minTailFrames: g.minTailFrames ?? Math.min(DEFAULT_CLIP_GRID.minTailFrames, clipLength),
  };
}

/** Fill defaults and range-check the features stage params; throws ConfigError naming the bad key. */
export function normalizeFeaturesConfig(raw: unknown): FeaturesConfig {
  const c = normalizeWith(FEATURES_CONFIG_SCHEMA, raw ?? {}, CTX);
  return { ...c, grid: fillGrid(c.grid) };
}
