import type { VideoEntry } from '@wsstad/core';
import type { StageChanges } from './plan-changes';
import type { Store } from './store/store';
import type {
  CodeVersion,
  CodeVersionFn,
  Dataset,
  KeyRecord,
  Pipeline,
  PipelineLock,
  PlannedStage,
  StageManifest,
  StoredOutput,
} from './types';

/* What plan() returns (src/plan.ts); the per-stage planning is src/plan-stage.ts. */

export type Outputs = Record<string, StoredOutput>;

/**
 * A stage's outputs per video id ('*' for a dataset stage). `null`: the video will be (re)computed,
 * so its content hashes are not known yet; absent: the stage does not produce it.
 */
export type StageOutputs = ReadonlyMap<string, Outputs | null>;

/** Why a video (or '*') is not simply reused. */
export type Staleness =
  /** Not in the stage's last manifest. */
  | 'new'
  /** In the last manifest with other input hashes now. */
  | 'inputs-changed'
  /** Same inputs as the last manifest, but no key file (params or code changed, or the store lost it). */
  | 'missing'
  /** An upstream stage recomputes first: the inputs (so the key) are not known yet. */
  | 'upstream-stale';

export interface VideoPlan {
  /** Video id, '*' for a dataset stage. */
  id: string;
  /** The cache key; undefined while an upstream input is not known ('upstream-stale'). */
  key?: string;
  /** Input name -> content hash, as recorded in the key's lineage and the manifest. */
  inputs: Record<string, string>;
  /** Input name -> the upstream stored object (for the runner to verify and read). */
  sources: Record<string, StoredOutput>;
  /** The key file found in the store (its objects are not re-hashed here). */
  cached?: KeyRecord;
  /** Set when the video is not reused as is; undefined: cached and named by the last manifest. */
  stale?: Staleness;
  /** 'upstream-stale': the stage whose outputs are pending; a dataset stage's missing input: `<stage>.<artifact>`. */
  waitingFor?: string;
  /** Dataset stages: the member videos with their inputs (as in the key) and sources. */
  members?: Array<{ video: VideoEntry; inputs: Record<string, string>; sources: Record<string, StoredOutput> }>;
}

export interface StagePlan {
  stage: PlannedStage;
  code: CodeVersion;
  /** Videos with all inputs available (or pending upstream), in dataset order; one '*' entry for a dataset stage. */
  videos: VideoPlan[];
  /** Videos in the stage's splits (and shard) without an upstream output: `<stage>.<artifact>` they lack. */
  skipped: Array<{ id: string; missing: string }>;
  /** Ids in the last manifest the plan no longer covers. */
  removed: string[];
  /** The stage's last manifest (of this shard when sharded). */
  previous?: StageManifest;
  /** Changes against the lock file's record of the last run (params, code, implementation). */
  changes: StageChanges;
}

export interface PipelinePlan {
  pipeline: string;
  stages: StagePlan[];
}

export interface PlanOptions {
  /** Code version of a stage (default: hash of its package's production sources under `root`). */
  codeVersion?: CodeVersionFn;
  root?: string;
  /** Hash file videos' bytes into keys (default DEFAULT_RUN_OPTIONS.hashVideoFiles). */
  hashVideoFiles?: boolean;
  /** Plan only this shard's videos (per-video stages). */
  shard?: { index: number; count: number };
  /** The lock file (for params / code changes); default none. */
  lock?: PipelineLock;
}

/** One run's or one status's planner (createPlanner): plans stages one at a time, in order. */
export interface Planner {
  pipeline: Pipeline;
  store: Store;
  dataset: Dataset;
  code(s: PlannedStage): CodeVersion;
  /** Plan one stage given the outputs of the stages before it. */
  stage(s: PlannedStage, upstream: (stage: string) => StageOutputs): StagePlan;
}

/** Everything a key needs besides upstream outputs, memoised by the planner. */
export interface KeyParts {
  pipeline: Pipeline;
  store: Store;
  dataset: Dataset;
  videoHash(v: VideoEntry): string | undefined;
  fileMemo: Map<string, string | null>;
  shard?: { index: number; count: number };
}
