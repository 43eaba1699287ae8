import { ConfigError } from '@wsstad/core';
import { DETECTOR_PRESETS, DEFAULT_BGS_CONFIG, DEFAULT_COCO_TFJS_CONFIG, DEFAULT_ONNX_CONFIG, DEFAULT_ORACLE_CONFIG, TORCHVISION_CLASS_MAP, YOLO_CLASS_MAP } from './defaults';
import type { BgsConfig, CocoTfjsConfig, DetectorConfig, OnnxDetectorConfig, OracleConfig } from './types';

const KINDS = ['background-subtraction', 'coco-tfjs', 'onnx', 'oracle'] as const;

type Rule = { num: [number, number, boolean?] } | { oneOf: readonly unknown[] } | { bool: true } | { triple: true } | { map: true } | { str: true; nullable?: boolean };

const BGS_RULES: Record<string, Rule> = {
  history: { num: [1, 100000, true] }, varThreshold: { num: [0.1, 10000] }, detectShadows: { bool: true },
  learningRate: { num: [0, 1] }, warmupFrames: { num: [0, 100000, true] }, blur: { num: [0, 31, true] },
  openKernel: { num: [0, 31, true] }, closeKernel: { num: [0, 31, true] }, minAreaFraction: { num: [0, 1] },
  minArea: { num: [1, 1e9, true] }, mergeDistance: { num: [-1, 1000] }, lightSwitchFraction: { num: [0.01, 1] },
  relearnFrames: { num: [0, 10000, true] }, relearnRate: { num: [0, 1] }, scoreAreaScale: { num: [1, 1e9] },
  personAspect: { num: [0.1, 100] }, vehicleAspect: { num: [0.1, 100] }, vehicleAreaFraction: { num: [0, 1] },
  ghostEdgeRatio: { num: [0, 1000] },
};
const COCO_RULES: Record<string, Rule> = {
  model: { oneOf: ['centernet', 'nanodet'] }, modelDir: { str: true, nullable: true }, scoreThreshold: { num: [0, 1] },
  iouThreshold: { num: [0, 1] }, maxDetections: { num: [1, 10000, true] }, classMap: { map: true },
};
const ONNX_RULES: Record<string, Rule> = {
  format: { oneOf: ['fasterrcnn', 'yolo'] }, model: { str: true }, inputWidth: { num: [8, 8192, true] }, inputHeight: { num: [8, 8192, true] },
  mean: { triple: true }, std: { triple: true }, scale: { num: [1e-6, 1e6] }, channelOrder: { oneOf: ['rgb', 'bgr'] },
  resize: { oneOf: ['resize', 'letterbox'] }, letterboxValue: { num: [0, 255] }, layout: { oneOf: ['auto', 'nxc', 'cxn'] },
  objectness: { oneOf: [true, false, 'auto'] }, boxFormat: { oneOf: ['cxcywh', 'xyxy'] }, scoreThreshold: { num: [0, 1] },
  iouThreshold: { num: [0, 1] }, maxDetections: { num: [1, 100000, true] }, classMap: { map: true }, keepUnmapped: { bool: true },
  device: { oneOf: ['auto', 'cpu', 'cuda'] },
};
const ORACLE_RULES: Record<string, Rule> = { minArea: { num: [0, 1e9] } };

function check(kind: string, key: string, v: unknown, rule: Rule, example: unknown): unknown {
  const bad = (allowed: string): never => {
    throw new ConfigError(`detector '${kind}' setting ${key}=${JSON.stringify(v)} is invalid; allowed: ${allowed}`, { hint: `e.g. ${key}: ${JSON.stringify(example)}` });
  };
  if ('num' in rule) {
    const [lo, hi, int] = rule.num;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < lo || n > hi || (int && !Number.isInteger(n))) bad(`${int ? 'an integer' : 'a number'} in [${lo}, ${hi}]`);
    return n;
  }
  if ('oneOf' in rule) {
    const x = v === 'true' ? true : v === 'false' ? false : v;
    if (!rule.oneOf.includes(x)) bad(rule.oneOf.map((o) => JSON.stringify(o)).join(', '));
    return x;
  }
  if ('bool' in rule) {
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return bad('true or false');
  }
  if ('triple' in rule) {
    const t = typeof v === 'string' ? v.split(',').map(Number) : v;
    if (!Array.isArray(t) || t.length !== 3 || !t.every((x) => typeof x === 'number' && Number.isFinite(x))) bad('three finite numbers');
    if (key === 'std' && (t as number[]).some((x) => x <= 0)) bad('three positive numbers');
    return [...(t as number[])];
  }
  if ('map' in rule) {
    if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string' && x.length > 0)) bad('an object of class -> category name strings');
    return { ...(v as Record<string, string>) };
  }
  if (v === null && rule.nullable) return null;
  if (typeof v !== 'string' || v.length === 0) bad(rule.nullable ? 'a non-empty string or null' : 'a non-empty string');
  return v;
}

function fill<T>(kind: string, raw: Record<string, unknown>, defaults: Readonly<Record<string, unknown>>, rules: Record<string, Rule>): T {
  const out: Record<string, unknown> = { kind };
  for (const key of Object.keys(raw)) {
    if (key !== 'kind' && !Object.hasOwn(rules, key)) {
      throw new ConfigError(`unknown detector '${kind}' setting '${key}'; valid: ${Object.keys(rules).sort().join(', ')}`, { hint: `e.g. { kind: '${kind}', ${Object.keys(rules)[0]}: ${JSON.stringify(defaults[Object.keys(rules)[0]!])} }` });
    }
  }
  for (const [key, rule] of Object.entries(rules)) {
    const v = raw[key] !== undefined ? raw[key] : defaults[key];
    if (v === undefined) throw new ConfigError(`detector '${kind}' needs setting '${key}'`, { hint: key === 'model' ? "e.g. { kind: 'onnx', format: 'yolo', model: 'models/yolov8n.onnx' }" : `set ${key}` });
    out[key] = check(kind, key, v, rule, defaults[key] ?? 'models/detector.onnx');
  }
  return out as T;
}

/**
 * Fill defaults and range-check a detector config. `kind` picks the detector (default
 * 'background-subtraction'); unknown keys and out-of-range values throw ConfigError.
 */
export function normalizeDetectorConfig(raw: unknown = {}): DetectorConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`detector config must be an object, got ${JSON.stringify(raw)}`, { hint: "e.g. { kind: 'background-subtraction', warmupFrames: 10 }" });
  }
  const r = raw as Record<string, unknown>;
  const kind = String(r.kind ?? 'background-subtraction');
  switch (kind) {
    case 'background-subtraction': {
      const c = fill<BgsConfig>(kind, r, DEFAULT_BGS_CONFIG, BGS_RULES);
      for (const k of ['blur'] as const) if (c[k] > 0 && c[k] % 2 === 0) throw new ConfigError(`detector 'background-subtraction' setting ${k}=${c[k]} must be 0 or odd`, { hint: `e.g. ${k}: 3` });
      return c;
    }
    case 'coco-tfjs': return fill<CocoTfjsConfig>(kind, r, DEFAULT_COCO_TFJS_CONFIG, COCO_RULES);
    case 'onnx': {
      const format = r.format ?? DEFAULT_ONNX_CONFIG.format;
      const defaults = { ...DEFAULT_ONNX_CONFIG, classMap: format === 'yolo' ? YOLO_CLASS_MAP : TORCHVISION_CLASS_MAP, resize: format === 'yolo' ? 'letterbox' : 'resize' };
      return fill<OnnxDetectorConfig>(kind, r, defaults, ONNX_RULES);
    }
    case 'oracle': return fill<OracleConfig>(kind, r, DEFAULT_ORACLE_CONFIG, ORACLE_RULES);
    default: {
      // A detector name given as kind ({ kind: 'coco-centernet' }) stands for its preset.
      // hasOwn: kind 'constructor' would find Object and recurse until the stack overflows.
      const preset = Object.hasOwn(DETECTOR_PRESETS, kind) ? DETECTOR_PRESETS[kind] : undefined;
      if (preset && preset.kind !== kind) return normalizeDetectorConfig({ ...r, ...preset });
      throw new ConfigError(`unknown detector kind ${JSON.stringify(r.kind)}; valid kinds: ${KINDS.join(', ')} (names: ${Object.keys(DETECTOR_PRESETS).join(', ')})`, {
        hint: "e.g. { kind: 'background-subtraction' }, or { kind: 'coco-tfjs', model: 'centernet' } (model: centernet | nanodet)",
      });
    }
  }
}
