import { ConfigError } from '@wsstad/core';
import { DEFAULT_LINK_CONFIG } from './defaults';
import type { LinkConfig, ResolvedThresholds, VideoletOptions } from './types';

const EXAMPLE = `e.g. { "eta": 2, "lambda": 0.1, "zeta1": 100, "zeta2": 50, "gapTolerance": 0, "maxInstances": 200 }`;

function fail(what: string, allowed: string): never {
  throw new ConfigError(`link config: ${what}; allowed: ${allowed}`, { hint: EXAMPLE });
}

function num(raw: Record<string, unknown>, key: string, def: number, lo: number, hi: number, integer: boolean): number {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    fail(`'${key}' is ${JSON.stringify(v)}`, `${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`);
  }
  return v;
}

function optSeconds(raw: Record<string, unknown>, key: string): number | null {
  const v = raw[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(`'${key}' is ${JSON.stringify(v)}`, 'null or a number of seconds >= 0');
  return v;
}

function bool(raw: Record<string, unknown>, key: string, def: boolean): boolean {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'boolean') fail(`'${key}' is ${JSON.stringify(v)}`, 'true or false');
  return v;
}

function oneOf<T extends string>(raw: Record<string, unknown>, key: string, def: T, values: readonly T[]): T {
  const v = raw[key];
  if (v === undefined) return def;
  if (typeof v !== 'string' || !values.includes(v as T)) fail(`'${key}' is ${JSON.stringify(v)}`, values.map((x) => `'${x}'`).join(', '));
  return v as T;
}

const KEYS = new Set(Object.keys(DEFAULT_LINK_CONFIG));

/** Fill defaults and range-check a raw link config (from YAML, JSON or CLI flags). Throws ConfigError. */
export function normalizeLinkConfig(raw: unknown = {}): LinkConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`expected an object, got ${JSON.stringify(raw)}`, 'an object of link parameters');
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!KEYS.has(k)) fail(`unknown key '${k}'`, [...KEYS].join(', '));
  const d = DEFAULT_LINK_CONFIG;
  const cfg: LinkConfig = {
    eta: num(r, 'eta', d.eta, 0, 1e6, false),
    lambda: num(r, 'lambda', d.lambda, 0, 0.999999, false),
    zeta1: num(r, 'zeta1', d.zeta1, 1, 1e9, true),
    zeta2: num(r, 'zeta2', d.zeta2, 1, 1e9, true),
    zeta1Seconds: optSeconds(r, 'zeta1Seconds'),
    zeta2Seconds: optSeconds(r, 'zeta2Seconds'),
    gapTolerance: num(r, 'gapTolerance', d.gapTolerance, 0, 1e6, true),
    gapToleranceSeconds: optSeconds(r, 'gapToleranceSeconds'),
    maxInstances: num(r, 'maxInstances', d.maxInstances, 0, 1e9, true),
    unary: bool(r, 'unary', d.unary),
    multivariate: bool(r, 'multivariate', d.multivariate),
    cluster: oneOf(r, 'cluster', d.cluster, ['seed', 'closure'] as const),
    temporalMatch: oneOf(r, 'temporalMatch', d.temporalMatch, ['anyBox', 'unionBox'] as const),
    crossCategory: bool(r, 'crossCategory', d.crossCategory),
    mixedLabel: oneOf(r, 'mixedLabel', d.mixedLabel, ['mixed', 'majority'] as const),
    videolets: normalizeVideoletOptions(r.videolets),
  };
  return cfg;
}

export function normalizeVideoletOptions(raw: unknown = {}): VideoletOptions {
  if (raw === undefined) raw = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`'videolets' is ${JSON.stringify(raw)}`, 'an object { segments, clipLength }');
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (k !== 'segments' && k !== 'clipLength') fail(`unknown key 'videolets.${k}'`, 'segments, clipLength');
  return {
    segments: num(r, 'segments', DEFAULT_LINK_CONFIG.videolets.segments, 1, 1e6, true),
    clipLength: num(r, 'clipLength', DEFAULT_LINK_CONFIG.videolets.clipLength, 1, 1e6, true),
  };
}

/**
 * Length thresholds and gap tolerance in frames for a video of `fps`. A *Seconds field, when
 * set, wins over its frame count: round(seconds * fps), at least 1 frame for lengths.
 */
export function resolveThresholds(cfg: LinkConfig, fps: number): ResolvedThresholds {
  const needFps = cfg.zeta1Seconds !== null || cfg.zeta2Seconds !== null || cfg.gapToleranceSeconds !== null;
  if (needFps && !(Number.isFinite(fps) && fps > 0)) {
    throw new ConfigError(`link config: thresholds in seconds need the video's fps, got ${fps}`, { hint: 'give the thresholds in frames (zeta1, zeta2, gapTolerance) or fix the fps in the detections metadata' });
  }
  return {
    zeta1: cfg.zeta1Seconds !== null ? Math.max(1, Math.round(cfg.zeta1Seconds * fps)) : cfg.zeta1,
    zeta2: cfg.zeta2Seconds !== null ? Math.max(1, Math.round(cfg.zeta2Seconds * fps)) : cfg.zeta2,
    gapTolerance: cfg.gapToleranceSeconds !== null ? Math.round(cfg.gapToleranceSeconds * fps) : cfg.gapTolerance,
  };
}
