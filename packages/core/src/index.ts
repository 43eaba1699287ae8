export type {
  Box,
  Category,
  VideoInfo,
  Detection,
  TubeKind,
  Tube,
  Videolet,
  Split,
  VideoLabel,
  VideoEntry,
  ClipFeature,
  Instance,
} from './types';
export { WHOLE_FRAME_SOURCE } from './types';
export { readManifest, parseManifest, ManifestError, VIDEO_ID_PATTERN } from './manifest';
export type { DatasetManifest } from './manifest';
export {
  WsstadError,
  ConfigError,
  ArtifactError,
  InputError,
  UnavailableError,
  NumericError,
  StageFailedError,
  lookup,
  describeJsonError,
} from './errors';
export type { ErrorDetails } from './errors';
export { area, intersection, iou, iouFlat, unionBox, clipBox, squareContext, isValidBox } from './geometry';
export { canonicalJson, sha256, hashJson, hashFile } from './hash';
export { Rng } from './rng';
export { writeFileAtomic, isTempFile, ensureDir } from './fs';
export { ARTIFACTS, artifactSpec } from './artifacts/spec';
export type { ArtifactSpec, ColumnSpec, ColumnType } from './artifacts/spec';
export {
  encodeArtifact,
  artifactToBytes,
  writeArtifact,
  readArtifact,
  artifactFromBytes,
  decodeTable,
  assertFiniteColumns,
} from './artifacts/table';
export type { Lineage, ArtifactData, ReadArtifact, ColumnValue } from './artifacts/table';
export {
  detectionsToColumns,
  columnsToDetections,
  writeDetections,
  readDetections,
  writeTubes,
  readTubes,
  writeVideolets,
  readVideolets,
  writeClipFeatures,
  readClipFeatures,
  clipFeatureRows,
} from './artifacts/kinds';
export type { DetectionColumns, ClipFeatureColumns } from './artifacts/kinds';
export {
  workArtifactPath,
  findWorkArtifact,
  listWorkArtifacts,
  videoIdOfArtifact,
  workFolderOfArtifact,
} from './artifacts/layout';
export type { FoundArtifact } from './artifacts/layout';
export { createLogger, silentLogger, createProgress } from './log';
export type { Logger, LogLevel, LoggerOptions, Progress, ProgressOptions } from './log';
export { pickTfBackend, createOrtSession } from './backend';
export type { TfHandle, TfPreference, OrtHandle, OrtDevice } from './backend';
export type {
  StageBase,
  VideoStage,
  VideoStageContext,
  DatasetStage,
  DatasetStageContext,
  DatasetVideoInput,
  StageDefinition,
  StageVideoFile,
} from './stage';
export { clipIndex, clipsForSpan, meanPool, splitSpan, splitTube, tubeSpan } from './instances';
export type { PoolOptions } from './instances';
export { candidateParts } from './candidates';
export { eq9, eq9Scores } from './eq9';
export type { CandidatePart, CandidateShape } from './candidates';
export { tableToParquet, parquetToTable, exportParquet, importParquet } from './artifacts/parquet';
export type { ParquetCompression } from './artifacts/parquet';
export { FRONT_END_STAGES, chainFrontEnd, frontEndParams, diffParams } from './frontend';
export type { FrontEnd, FrontEndStage } from './frontend';
export { normalizeWith, pathText } from './config/normalize';
export type { ConfigContext } from './config/normalize';
export { parseCliSettings } from './config/cli';
export { PROTOTYPE_KEYS } from './config/walk';
export * as cfg from './config/schema';
export type { Schema, Infer } from './config/schema';
export {
  PIPELINE_FILE_SCHEMA,
  PIPELINE_STAGE_SCHEMA,
  PIPELINE_SYNTH_SCHEMA,
  PIPELINE_NAME_RE,
  PIPELINE_REF_RE,
  PIPELINE_SPLITS,
} from './config/pipeline-file';
export { rocAuc, assertBothClasses, countClasses } from './metrics/auc';
export { GraphBuilder } from './onnx/graph';
export type { Dim } from './onnx/graph';
export {
  ALLOCATOR_ENV,
  ALLOCATOR_TUNABLES,
  currentLibc,
  relaunchWithAllocatorTunables,
  wantsAllocatorRelaunch,
} from './allocator';
