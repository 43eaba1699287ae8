export type {
  StageRegistry,
  DatasetSpec,
  StageSpec,
  PipelineSpec,
  InputBinding,
  PlannedStage,
  Pipeline,
  CodeVersion,
  CodeVersionFn,
  Dataset,
  DatasetProvider,
  StoredOutput,
  KeyRecord,
  ManifestEntry,
  StageManifest,
  PipelineLock,
} from './types';
export {
  DEFAULT_STORE_DIR,
  DEFAULT_LOCK_FILE_NAME,
  DEFAULT_SEED,
  DEFAULT_RUN_OPTIONS,
  DEFAULT_LOCK_POLL_MS,
} from './defaults';
export { normalizePipelineSpec } from './schema';
export { loadPipeline, parsePipelineYaml, bindPipeline, resolvePipelineFile, selectStages } from './load';
export type { LoadOptions } from './load';
export { createStageRegistry, registerStages, getStage } from './registry';
export {
  createCodeVersioner,
  findWorkspaceRoot,
  workspacePackages,
  productionFiles,
  packageClosure,
} from './code-version';
export type { CodeVersionOptions } from './code-version';
export { datasetManifestPath, readDatasetManifest, resolveDataset } from './dataset';
export { videoKey, datasetKey, shardOf } from './keys';
export { openStore } from './store/store';
export type { Store, TreeObject } from './store/store';
export { acquireLock } from './store/lock';
export type { LockInfo, LockOptions, HeldLock } from './store/lock';
export { runPipeline } from './runner';
export type { RunOptions, RunReport, StageRunReport, ShardSpec } from './runner';
export { readLockFile } from './lockfile';
export { pipelineStatus, formatStatus } from './status';
export type { StatusReport, StageStatus, ParamChange, StatusOptions } from './status';
export { gcStore } from './gc';
export type { GcOptions, GcReport } from './gc';
export { mergeShards, parseShard } from './shards';
export type { MergeOptions } from './shards';
export { datasetDirProblem, regenerateDatasetDir, removeDatasetLeftovers } from './store/dataset-dirs';
export { hashFileSync } from './store/hashing';
export { stageOutputPath, stagesWithOutput } from './outputs';
export { plan, createPlanner, stageInputs } from './plan';
export { videoStageContext } from './executor';
export { keyDependencies } from './plan-deps';
export type { KeyDependencies } from './plan-deps';
export type {
  StageInputs,
  PipelinePlan,
  StagePlan,
  VideoPlan,
  Staleness,
  StageOutputs,
  Outputs,
  PlanOptions,
  Planner,
} from './plan';
export type { StageChanges } from './plan-changes';
