export type {
  LinkConfig,
  VideoletOptions,
  ClusterMode,
  LinkMotion,
  UnaryCategories,
  TemporalMatch,
  MixedLabel,
  ResolvedThresholds,
  LinkStats,
  LinkResult,
  TubeSummary,
} from './types';
export { DEFAULT_LINK_CONFIG } from './defaults';
export {
  normalizeLinkConfig,
  normalizeVideoletOptions,
  resolveThresholds,
  LINK_CONFIG_SCHEMA,
  VIDEOLET_OPTIONS_SCHEMA,
} from './config';
export { indexDetections, seedOrder } from './detection-index';
export type { DetectionIndex } from './detection-index';
export { linkUnaryCategory } from './unary';
export type { RawTube, UnaryParams } from './unary';
export { linkMultivariate } from './multivariate';
export type { RawCluster, RawMultiTube, MultivariateParams } from './multivariate';
export { linkTubes } from './link';
export { makeVideolets } from './videolets';
export { summarizeTubes } from './summary';
export { linkStage, linkDetectionsFile, linkOutputPaths, detectionInputs, LINK_STAGE_NAME } from './stage';
export type { LinkFileResult } from './stage';
/** Section 3.4's hypothetical sub-tubes live in core (shared with the evaluator); re-exported here. */
export { splitTube, splitSpan } from '@wsstad/core';
