import { cfg, ConfigError, normalizeWith, type Schema } from '@wsstad/core';
import { DEFAULT_LINK_CONFIG } from './defaults';
import type { LinkConfig, ResolvedThresholds, VideoletOptions } from './types';

const EXAMPLE = `e.g. { "eta": 2, "lambda": 0.1, "zeta1": 100, "zeta2": 50, "gapTolerance": 0, "maxInstances": 200 }`;
const seconds = () => cfg.nullable(cfg.num(0, 1e9, 'null or a number of seconds >= 0'));

export const VIDEOLET_OPTIONS_SCHEMA: Schema<VideoletOptions> = cfg.defineConfig(
  { segments: cfg.int(1, 1e6), clipLength: cfg.int(1, 1e6) },
  DEFAULT_LINK_CONFIG.videolets,
);

/** The link stage's params (also the `link` params of the generated pipeline.schema.json). */
export const LINK_CONFIG_SCHEMA: Schema<LinkConfig> = cfg.defineConfig(
  {
    eta: cfg.num(0, 1e6),
    lambda: cfg.num(0, 0.999999),
    zeta1: cfg.int(1, 1e9),
    zeta2: cfg.int(1, 1e9),
    zeta1Seconds: seconds(),
    zeta2Seconds: seconds(),
    gapTolerance: cfg.int(0, 1e6),
    gapToleranceSeconds: seconds(),
    motion: cfg.oneOf(['none', 'constant-velocity']),
    motionGate: cfg.num(0, 100),
    unaryCategories: cfg.oneOf(['each', 'pooled']),
    maxInstances: cfg.int(0, 1e9),
    unary: cfg.bool(),
    multivariate: cfg.bool(),
    cluster: cfg.oneOf(['seed', 'closure']),
    temporalMatch: cfg.oneOf(['anyBox', 'unionBox']),
    crossCategory: cfg.bool(),
    mixedLabel: cfg.oneOf(['mixed', 'majority']),
    videolets: VIDEOLET_OPTIONS_SCHEMA,
  },
  DEFAULT_LINK_CONFIG,
);

const CTX = { prefix: 'link config: ', defaults: DEFAULT_LINK_CONFIG, hint: EXAMPLE };

/** Fill defaults and range-check a raw link config (from YAML, JSON or CLI flags). Throws ConfigError. */
export function normalizeLinkConfig(raw: unknown = {}): LinkConfig {
  return normalizeWith(LINK_CONFIG_SCHEMA, raw, CTX);
}

export function normalizeVideoletOptions(raw: unknown = {}): VideoletOptions {
  const ctx = { ...CTX, prefix: 'link config: videolets: ', defaults: DEFAULT_LINK_CONFIG.videolets };
  return normalizeWith(VIDEOLET_OPTIONS_SCHEMA, raw ?? {}, ctx);
}

/**
 * Length thresholds and gap tolerance in frames for a video of `fps`. A *Seconds field, when
 * set, wins over its frame count: round(seconds * fps), at least 1 frame for lengths.
 */
export function resolveThresholds(cfg: LinkConfig, fps: number): ResolvedThresholds {
  const needFps = cfg.zeta1Seconds !== null || cfg.zeta2Seconds !== null || cfg.gapToleranceSeconds !== null;
  if (needFps && !(Number.isFinite(fps) && fps > 0)) {
    throw new ConfigError(`link config: thresholds in seconds need the video's fps, got ${fps}`, {
      hint: 'give the thresholds in frames (zeta1, zeta2, gapTolerance) or fix the fps in the detections metadata',
    });
  }
  return {
    zeta1: cfg.zeta1Seconds !== null ? Math.max(1, Math.round(cfg.zeta1Seconds * fps)) : cfg.zeta1,
    zeta2: cfg.zeta2Seconds !== null ? Math.max(1, Math.round(cfg.zeta2Seconds * fps)) : cfg.zeta2,
    gapTolerance: cfg.gapToleranceSeconds !== null ? Math.round(cfg.gapToleranceSeconds * fps) : cfg.gapTolerance,
  };
}
