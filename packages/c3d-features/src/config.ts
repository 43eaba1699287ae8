import { ConfigError } from '@wsstad/core';
import { DEFAULT_FEATURES_CONFIG } from './defaults';
import type { BackboneName, C3dConfig, ClipGridConfig, FeaturesConfig, HogHofMbhConfig } from './types';

const EXAMPLE = "{ backbone: 'hog-hof-mbh', grid: { clipLength: 16, stride: 16 }, contextMargin: 0.25 }";
const BACKBONE_NAMES: readonly BackboneName[] = ['hog-hof-mbh', 'c3d'];

type Raw = Record<string, unknown>;

/** A params mapping; with `allowed`, keys not own keys of it throw (hasOwn: 'constructor' is no param). */
function obj(v: unknown, where: string, allowed?: object): Raw {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${where} must be an object, got ${JSON.stringify(v)}`, { hint: `e.g. ${EXAMPLE}` });
  const unknown = allowed ? Object.keys(v).filter((k) => !Object.hasOwn(allowed, k)) : [];
  if (unknown.length) {
    const valid = Object.keys(allowed!).join(', ');
    throw new ConfigError(`unknown ${where} param(s): ${unknown.join(', ')}; allowed: ${valid}`, { hint: 'remove them or fix their spelling' });
  }
  return v as Raw;
}

function num(r: Raw, key: string, def: number, where: string, lo: number, hi: number, int = false): number {
  const v = r[key] ?? def;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (int && !Number.isInteger(v))) {
    throw new ConfigError(`${where}.${key} must be ${int ? 'an integer' : 'a number'} in [${lo}, ${hi}], got ${JSON.stringify(v)}`, { hint: `e.g. ${where}.${key}: ${def}` });
  }
  return v;
}

function oneOf<T extends string>(r: Raw, key: string, def: T, allowed: readonly T[], where: string): T {
  const v = r[key] ?? def;
  if (!allowed.includes(v as T)) throw new ConfigError(`${where}.${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`, { hint: `e.g. ${where}.${key}: '${def}'` });
  return v as T;
}

function path(r: Raw, key: string, where: string): string | null {
  const v = r[key] ?? null;
  if (v !== null && (typeof v !== 'string' || v.length === 0)) throw new ConfigError(`${where}.${key} must be a file path or null, got ${JSON.stringify(v)}`, { hint: `e.g. ${where}.${key}: 'models/c3d.safetensors'` });
  return v as string | null;
}

function grid(raw: unknown): ClipGridConfig {
  const d = DEFAULT_FEATURES_CONFIG.grid;
  const r = obj(raw, 'grid', d);
  const clipLength = num(r, 'clipLength', d.clipLength, 'grid', 1, 256, true);
  return {
    clipLength,
    stride: num(r, 'stride', d.stride, 'grid', 1, clipLength, true),
    minTailFrames: num(r, 'minTailFrames', Math.min(d.minTailFrames, clipLength), 'grid', 1, clipLength, true),
  };
}

function polyN(v: unknown): number {
  if (v !== 5 && v !== 7) throw new ConfigError(`hog.flow.polyN must be 5 or 7 (OpenCV Farneback), got ${JSON.stringify(v)}`, { hint: 'e.g. hog.flow.polyN: 5' });
  return v;
}

function hog(raw: unknown): HogHofMbhConfig {
  const d = DEFAULT_FEATURES_CONFIG.hog;
  const r = obj(raw, 'hog', d);
  const f = obj(r.flow, 'hog.flow', d.flow);
  return {
    tubeSize: num(r, 'tubeSize', d.tubeSize, 'hog', 8, 256, true),
    frameWidth: num(r, 'frameWidth', d.frameWidth, 'hog', 8, 512, true),
    frameHeight: num(r, 'frameHeight', d.frameHeight, 'hog', 8, 512, true),
    gridX: num(r, 'gridX', d.gridX, 'hog', 1, 8, true),
    gridY: num(r, 'gridY', d.gridY, 'hog', 1, 8, true),
    temporalCells: num(r, 'temporalCells', d.temporalCells, 'hog', 1, 8, true),
    hogWeight: num(r, 'hogWeight', d.hogWeight, 'hog', 0, 10),
    flow: {
      pyrScale: num(f, 'pyrScale', d.flow.pyrScale, 'hog.flow', 0.1, 0.9),
      levels: num(f, 'levels', d.flow.levels, 'hog.flow', 1, 6, true),
      winsize: num(f, 'winsize', d.flow.winsize, 'hog.flow', 3, 63, true),
      iterations: num(f, 'iterations', d.flow.iterations, 'hog.flow', 1, 20, true),
      polyN: polyN(f.polyN ?? d.flow.polyN),
      polySigma: num(f, 'polySigma', d.flow.polySigma, 'hog.flow', 0.5, 3),
    },
  };
}

function c3d(raw: unknown): C3dConfig {
  const d = DEFAULT_FEATURES_CONFIG.c3d;
  const r = obj(raw, 'c3d', d);
  const mean = r.mean ?? d.mean;
  if (!Array.isArray(mean) || mean.length !== 3 || !mean.every((m) => typeof m === 'number' && Number.isFinite(m))) {
    throw new ConfigError(`c3d.mean must be three numbers (per channel, in the input's channel order), got ${JSON.stringify(mean)}`, { hint: 'e.g. c3d.mean: [104, 117, 128] with channelOrder bgr' });
  }
  const out: C3dConfig = {
    weights: path(r, 'weights', 'c3d'),
    onnx: path(r, 'onnx', 'c3d'),
    channelOrder: oneOf(r, 'channelOrder', d.channelOrder, ['rgb', 'bgr'], 'c3d'),
    mean: [mean[0], mean[1], mean[2]],
    batchSize: num(r, 'batchSize', d.batchSize, 'c3d', 1, 64, true),
    device: oneOf(r, 'device', d.device, ['auto', 'cpu', 'cuda'], 'c3d'),
    threads: num(r, 'threads', d.threads, 'c3d', 0, 256, true),
  };
  if (out.weights && out.onnx) throw new ConfigError('c3d.weights and c3d.onnx are both set; give exactly one', { hint: "keep c3d.onnx: 'c3d.onnx' or c3d.weights: 'c3d.safetensors'" });
  return out;
}

/** Fill defaults and range-check the features stage params; throws ConfigError naming the bad key. */
export function normalizeFeaturesConfig(raw: unknown): FeaturesConfig {
  const r = obj(raw, 'features');
  const known = ['backbone', 'grid', 'contextMargin', 'wholeFrame', 'hog', 'c3d'];
  const unknown = Object.keys(r).filter((k) => !known.includes(k));
  if (unknown.length) throw new ConfigError(`unknown features param(s): ${unknown.join(', ')}; allowed: ${known.join(', ')}`, { hint: `e.g. ${EXAMPLE}` });
  const d = DEFAULT_FEATURES_CONFIG;
  const wholeFrame = r.wholeFrame ?? d.wholeFrame;
  if (typeof wholeFrame !== 'boolean') throw new ConfigError(`features.wholeFrame must be true or false, got ${JSON.stringify(wholeFrame)}`, { hint: 'e.g. wholeFrame: true' });
  return {
    backbone: oneOf(r, 'backbone', d.backbone, BACKBONE_NAMES, 'features'),
    grid: grid(r.grid),
    contextMargin: num(r, 'contextMargin', d.contextMargin, 'features', 0, 4),
    wholeFrame,
    hog: hog(r.hog),
    c3d: c3d(r.c3d),
  };
}
