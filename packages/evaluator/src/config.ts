import { ConfigError } from '@wsstad/core';
import { DEFAULT_EVAL_CONFIG, DEFAULT_INFER_CONFIG, MAX_KEY_FRAMES_PER_VIDEO } from './defaults';
import type { EvalConfig, InferConfig } from './types';

function obj(raw: unknown, what: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${what} must be an object, got ${JSON.stringify(raw)}`, { hint: `e.g. { "subTubes": 4 }` });
  return raw as Record<string, unknown>;
}

function unknownKeys(r: Record<string, unknown>, allowed: object, what: string): void {
  for (const k of Object.keys(r)) {
    // hasOwn, not `in`: 'constructor' or 'toString' would pass as keys of every object.
    if (!Object.hasOwn(allowed, k)) throw new ConfigError(`unknown ${what} key '${k}'; valid: ${Object.keys(allowed).join(', ')}`, { hint: `remove '${k}' or fix its spelling` });
  }
}

function int(v: unknown, name: string, lo: number, hi: number, example: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new ConfigError(`${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`, { hint: `e.g. ${name}: ${example}` });
  }
  return v;
}

function oneOf<T extends string>(v: unknown, name: string, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`, { hint: `e.g. ${name}: '${allowed[0]}'` });
  return v as T;
}

function unit(v: unknown, name: string, example: number): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new ConfigError(`${name} must be a number in [0, 1], got ${JSON.stringify(v)}`, { hint: `e.g. ${name}: ${example}` });
  return v;
}

function openUnit(v: unknown, name: string, example: number): number {
  if (typeof v !== 'number' || !(v > 0 && v < 1)) throw new ConfigError(`${name} must be a number in (0, 1), got ${JSON.stringify(v)}`, { hint: `e.g. ${name}: ${example}` });
  return v;
}

function spatialSetting(v: unknown): EvalConfig['spatial'] {
  if (v === 'auto' || typeof v === 'boolean') return v;
  throw new ConfigError(`spatial must be 'auto', true or false, got ${JSON.stringify(v)}`, { hint: "e.g. spatial: 'auto' (IoU@eps and MIoU only when some abnormal test video has box ground truth)" });
}

/** Fill inference defaults and range-check (ConfigError names the field, the allowed values and an example). */
export function normalizeInferConfig(raw: unknown): InferConfig {
  const r = obj(raw, 'infer config');
  unknownKeys(r, DEFAULT_INFER_CONFIG, 'infer config');
  const c = { ...DEFAULT_INFER_CONFIG, ...r };
  const segments = c.segments === 'videolets' ? 'videolets' : int(c.segments, 'segments', 1, 100000, 32);
  return {
    subTubes: c.subTubes === null ? null : int(c.subTubes, 'subTubes', 1, 1000, 4),
    maxTubes: c.maxTubes === null ? null : int(c.maxTubes, 'maxTubes', 0, 1_000_000, 200),
    segments,
    l2: c.l2 === null ? null : oneOf(c.l2, 'l2', ['none', 'before', 'after', 'both'] as const),
    frameScores: oneOf(c.frameScores, 'frameScores', ['candidates', 'segments'] as const),
    rangeThreshold: unit(c.rangeThreshold, 'rangeThreshold', 0.2),
    tubeWeight: unit(c.tubeWeight, 'tubeWeight', 0.5),
    bag: oneOf(c.bag, 'bag', ['video', 'instance', 'mean', 'split'] as const),
  };
}

/** Fill evaluation defaults and range-check. */
export function normalizeEvalConfig(raw: unknown): EvalConfig {
  const r = obj(raw, 'eval config');
  unknownKeys(r, DEFAULT_EVAL_CONFIG, 'eval config');
  const c = { ...DEFAULT_EVAL_CONFIG, ...r };
  if (!Array.isArray(c.eps) || c.eps.length === 0 || !c.eps.every((e) => typeof e === 'number' && e >= 0 && e <= 1)) {
    throw new ConfigError(`eps must be a non-empty list of numbers in [0, 1], got ${JSON.stringify(c.eps)}`, { hint: 'e.g. eps: [0.1, 0.3]' });
  }
  if (typeof c.strict !== 'boolean') throw new ConfigError(`strict must be true (>) or false (>=), got ${JSON.stringify(c.strict)}`, { hint: 'e.g. strict: true' });
  if (typeof c.farThreshold !== 'number' || !(c.farThreshold >= 0 && c.farThreshold <= 1)) {
    throw new ConfigError(`farThreshold must be a number in [0, 1], got ${JSON.stringify(c.farThreshold)}`, { hint: 'e.g. farThreshold: 0.2' });
  }
  if (typeof c.keyFrames !== 'boolean') throw new ConfigError(`keyFrames must be a boolean, got ${JSON.stringify(c.keyFrames)}`, { hint: 'e.g. keyFrames: false' });
  return {
    eps: [...new Set(c.eps as number[])].sort((a, b) => a - b),
    strict: c.strict,
    farThreshold: c.farThreshold,
    randomSeeds: int(c.randomSeeds, 'randomSeeds', 1, 10000, 10),
    subTubes: int(c.subTubes, 'subTubes', 1, 1000, 4),
    baselineCandidates: oneOf(c.baselineCandidates, 'baselineCandidates', ['scored', 'both', 'tubes', 'sub-tubes'] as const),
    reportVideos: int(c.reportVideos, 'reportVideos', 0, 100000, 12),
    keyFrames: c.keyFrames,
    keyFramesPerVideo: int(c.keyFramesPerVideo, 'keyFramesPerVideo', 1, MAX_KEY_FRAMES_PER_VIDEO, 6),
    spatial: spatialSetting(c.spatial),
    bootstrap: int(c.bootstrap, 'bootstrap', 0, 100000, 1000),
    ciLevel: openUnit(c.ciLevel, 'ciLevel', 0.95),
  };
}
