export type {
  DetectorKind,
  BgsConfig,
  CocoModelName,
  CocoTfjsConfig,
  OnnxFormat,
  OnnxDetectorConfig,
  OracleConfig,
  DetectorConfig,
  DetectOptions,
  DetectResult,
  Detector,
} from './types';
export {
  DEFAULT_BGS_CONFIG,
  DEFAULT_COCO_TFJS_CONFIG,
  DEFAULT_ONNX_CONFIG,
  DEFAULT_ORACLE_CONFIG,
  DEFAULT_DETECT_STAGE_PARAMS,
  COCO_CATEGORY_MAP,
  TORCHVISION_CLASS_MAP,
  YOLO_CLASS_MAP,
  DETECTOR_PRESETS,
} from './defaults';
export { parseDetectorSpec, DETECTOR_SPEC_FORMS } from './spec';
export { normalizeDetectorConfig, DETECTOR_SCHEMAS } from './config';
export { DETECTORS, createDetector, resolveDetectorConfig } from './registry';
export type { DetectorEntry } from './registry';
export { loadOpenCv } from '@wsstad/video'; // the shared loader, re-exported for existing callers
export { detectStage, detectVideo, normalizeDetectStageParams, DETECT_STAGE_NAME, DETECT_PARAMS_SCHEMA } from './stage';
export type { DetectStageParams, DetectVideoOptions } from './stage';
export { syntheticScene, rectAt } from './fixtures';
export type { MovingRect, SceneOptions } from './fixtures';
export { detectPath } from './run';
export type { DetectPathOptions, DetectPathResult } from './run';
