import { cfg, ConfigError, normalizeWith, parseCliSettings, type Schema } from '@wsstad/core';
import {
  DETECTOR_PRESETS,
  DEFAULT_BGS_CONFIG,
  DEFAULT_COCO_TFJS_CONFIG,
  DEFAULT_ONNX_CONFIG,
  DEFAULT_ORACLE_CONFIG,
  TORCHVISION_CLASS_MAP,
  YOLO_CLASS_MAP,
} from './defaults';
import type {
  BgsConfig,
  CocoTfjsConfig,
  DetectorConfig,
  DetectorKind,
  OnnxDetectorConfig,
  OracleConfig,
} from './types';

const KINDS = ['background-subtraction', 'coco-tfjs', 'onnx', 'oracle'] as const;
const kernel = () => cfg.int(0, 31);
const CLASS_MAP = 'an object of class -> category name strings';
const classMap = () => cfg.record(cfg.str(undefined, CLASS_MAP), CLASS_MAP);
const triple = (allowed: string, lo: number) =>
  cfg.list(cfg.num(lo, 1e9, allowed), { len: 3, allowed }) as Schema<unknown> as Schema<[number, number, number]>;

const BGS: Schema<BgsConfig> = cfg.defineConfig(
  {
    kind: cfg.oneOf(['background-subtraction']),
    history: cfg.int(1, 100000),
    varThreshold: cfg.num(0.1, 10000),
    detectShadows: cfg.bool(),
    learningRate: cfg.num(0, 1),
    warmupFrames: cfg.int(0, 100000),
    blur: cfg.refine(
      kernel(),
      (b) => b === 0 || b % 2 === 1,
      '0 or an odd integer in [0, 31] (a Gaussian kernel size)',
    ),
    openKernel: kernel(),
    closeKernel: kernel(),
    minAreaFraction: cfg.num(0, 1),
    minArea: cfg.int(1, 1e9),
    mergeDistance: cfg.num(-1, 1000),
    lightSwitchFraction: cfg.num(0.01, 1),
    relearnFrames: cfg.int(0, 10000),
    relearnRate: cfg.num(0, 1),
    scoreAreaScale: cfg.num(1, 1e9),
    personAspect: cfg.num(0.1, 100),
    vehicleAspect: cfg.num(0.1, 100),
    vehicleAreaFraction: cfg.num(0, 1),
    ghostEdgeRatio: cfg.num(0, 1000),
  },
  DEFAULT_BGS_CONFIG,
);

const COCO: Schema<CocoTfjsConfig> = cfg.defineConfig(
  {
    kind: cfg.oneOf(['coco-tfjs']),
    model: cfg.oneOf(['centernet', 'nanodet']),
    modelDir: cfg.nullable(cfg.str(undefined, 'a non-empty string or null')),
    scoreThreshold: cfg.num(0, 1),
    iouThreshold: cfg.num(0, 1),
    maxDetections: cfg.int(1, 10000),
    classMap: classMap(),
  },
  DEFAULT_COCO_TFJS_CONFIG,
);

/** ONNX defaults depend on the format (class map, letterbox for YOLO), hence one schema per format. */
const onnxDefaults = (format: unknown) => ({
  ...DEFAULT_ONNX_CONFIG,
  classMap: format === 'yolo' ? YOLO_CLASS_MAP : TORCHVISION_CLASS_MAP,
  resize: format === 'yolo' ? 'letterbox' : 'resize',
});
const onnx = (format: unknown): Schema<OnnxDetectorConfig> =>
  cfg.defineConfig(
    {
      kind: cfg.oneOf(['onnx']),
      format: cfg.oneOf(['fasterrcnn', 'yolo']),
      model: cfg.str(),
      inputWidth: cfg.int(8, 8192),
      inputHeight: cfg.int(8, 8192),
      mean: triple('three finite numbers', -1e9),
      std: triple('three positive numbers', 1e-12),
      scale: cfg.num(1e-6, 1e6),
      channelOrder: cfg.oneOf(['rgb', 'bgr']),
      resize: cfg.oneOf(['resize', 'letterbox']),
      letterboxValue: cfg.num(0, 255),
      layout: cfg.oneOf(['auto', 'nxc', 'cxn']),
      objectness: cfg.oneOf([true, false, 'auto']),
      boxFormat: cfg.oneOf(['cxcywh', 'xyxy']),
      scoreThreshold: cfg.num(0, 1),
      iouThreshold: cfg.num(0, 1),
      maxDetections: cfg.int(1, 100000),
      classMap: classMap(),
      keepUnmapped: cfg.bool(),
      device: cfg.oneOf(['auto', 'cpu', 'cuda']),
    },
    onnxDefaults(format),
  );
const ONNX = { fasterrcnn: onnx('fasterrcnn'), yolo: onnx('yolo') };

const ORACLE: Schema<OracleConfig> = cfg.defineConfig(
  { kind: cfg.oneOf(['oracle']), minArea: cfg.num(0, 1e9) },
  DEFAULT_ORACLE_CONFIG,
);

/** Each detector kind's settings schema (the generated pipeline.schema.json shows them to editors). */
export const DETECTOR_SCHEMAS: Readonly<Record<DetectorKind, Schema<DetectorConfig>>> = Object.freeze({
  'background-subtraction': BGS,
  'coco-tfjs': COCO,
  onnx: ONNX.fasterrcnn,
  oracle: ORACLE,
});

interface KindSchema {
  schema: Schema<DetectorConfig>;
  defaults: unknown;
  hint: string;
}
const FIXED_DEFAULTS = {
  'background-subtraction': DEFAULT_BGS_CONFIG,
  'coco-tfjs': DEFAULT_COCO_TFJS_CONFIG,
  oracle: DEFAULT_ORACLE_CONFIG,
};

function schemaOf(kind: DetectorKind, r: Record<string, unknown>): KindSchema {
  if (kind !== 'onnx') {
    const hint = `e.g. { kind: '${kind}' } (the defaults)`;
    return { schema: DETECTOR_SCHEMAS[kind], defaults: FIXED_DEFAULTS[kind], hint };
  }
  const yolo = r.format === 'yolo';
  return {
    schema: yolo ? ONNX.yolo : ONNX.fasterrcnn,
    defaults: { ...onnxDefaults(r.format), model: 'models/detector.onnx' },
    hint: "e.g. { kind: 'onnx', format: 'yolo', model: 'models/yolov8n.onnx' }",
  };
}

/**
 * Fill defaults and range-check a detector config. `kind` picks the detector (default
 * 'background-subtraction'); unknown keys, wrong types and out-of-range values throw ConfigError.
 * `cliText` holds `--set key=value` settings (strings read by each key's type, see
 * parseCliSettings); they override `raw`. Values in `raw` are never coerced.
 */
export function normalizeDetectorConfig(
  raw: unknown = {},
  cliText: Readonly<Record<string, unknown>> = {},
): DetectorConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`detector config must be an object, got ${JSON.stringify(raw)}`, {
      hint: "e.g. { kind: 'background-subtraction', warmupFrames: 10 }",
    });
  }
  const r = { ...(raw as Record<string, unknown>) };
  const rawKind = cliText.kind ?? r.kind ?? 'background-subtraction';
  const kind = String(rawKind);
  if ((KINDS as readonly string[]).includes(kind)) {
    const merged = { ...r, ...cliText };
    const { schema, defaults, hint } = schemaOf(kind as DetectorKind, merged);
    const input = { ...r, ...parseCliSettings(schema, cliText) };
    return normalizeWith(schema, input, { subject: `detector '${kind}'`, noun: 'setting', defaults, hint });
  }
  // A detector name given as kind ({ kind: 'coco-centernet' }) stands for its preset.
  // hasOwn: kind 'constructor' would find Object and recurse until the stack overflows.
  const preset = Object.hasOwn(DETECTOR_PRESETS, kind) ? DETECTOR_PRESETS[kind] : undefined;
  if (preset && preset.kind !== kind) {
    const cli = Object.hasOwn(cliText, 'kind') ? { ...cliText, ...preset } : cliText;
    return normalizeDetectorConfig({ ...r, ...preset }, cli);
  }
  const names = Object.keys(DETECTOR_PRESETS).join(', ');
  throw new ConfigError(
    `unknown detector kind ${JSON.stringify(rawKind)}; valid kinds: ${KINDS.join(', ')} (names: ${names})`,
    {
      hint:
        "e.g. { kind: 'background-subtraction' }, or { kind: 'coco-tfjs', model: 'centernet' } (model: " +
        'centernet | nanodet)',
    },
  );
}
