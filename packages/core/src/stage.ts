import type { Logger } from './log';
import type { VideoEntry } from './types';
import type { Lineage } from './artifacts/table';

/**
 * The stage contract. It lives in core (not in the runner) so stage packages implement it
 * without depending on the runner: the dependency direction stays core <- stages <- pipeline.
 * A stage only maps input artifacts to output artifacts; the runner owns scheduling, cache keys,
 * the store, lineage and progress.
 */
export interface StageBase<P> {
  /** Registry name, e.g. 'detect'. */
  name: string;
  /** npm package that implements it; the runner hashes that package's production sources into the code version. */
  package: string;
  /** Bump by hand for a behaviour change the source hash cannot see (e.g. a model file format). */
  version: string;
  /** Fill defaults and range-check; throws ConfigError. The normalised params are what get hashed. */
  normalizeParams(raw: unknown): P;
  /** Artifact names this stage reads from upstream stages (per video or dataset-level). */
  inputs: readonly string[];
  /**
   * Those of `inputs` the stage can run without: when no earlier stage of a pipeline writes one, it
   * is left unbound (and absent from the run context) instead of being a configuration error.
   */
  optionalInputs?: readonly string[];
  /**
   * The stage decodes the manifest's video files (detectors, feature extractors). The runner's
   * preflight checks that every video file exists only when a selected stage says so, so a
   * pipeline on imported features runs without the videos.
   */
  readsVideo?: boolean;
  /**
   * Whether the stage reads a video's ground truth (the manifest entry's `groundTruth`). When false,
   * the ground-truth reference is left out of the stage's cache keys, so annotating a dataset does
   * not recompute it. Unset = assumed true.
   */
  readsGroundTruth?: boolean | ((params: P) => boolean);
  /** Artifact names this stage writes. */
  outputs: readonly string[];
  doc: string;
  /**
   * Files the params require (weights, models), checked by the runner before any stage runs so a
   * pipeline missing them fails at once, never halfway. Relative paths resolve against the working
   * directory, as the stage itself resolves them. A returned `{ missing }` entry names a required
   * setting that is not given at all.
   */
  requiredFiles?(params: P): Array<{ what: string; path?: string; missing?: string }>;
  /**
   * Files outside the store that the stage reads for one video (e.g. an imported feature file),
   * resolved by the stage (relative paths against `datasetDir`, the manifest's folder). The runner
   * checks them for every video the stage will run on before any stage runs (grouped by `name` in
   * the error, with `hint`), and hashes each existing file into that video's cache key as input
   * `file:<name>`, so a replaced file is recomputed. A `{ missing }` entry reports a problem other
   * than an absent file (e.g. a value the stage cannot find for this video).
   */
  videoFiles?(params: P, video: VideoEntry, datasetDir: string): StageVideoFile[];
}

/** One per-video file a stage reads from outside the store (see `StageBase.videoFiles`). */
export interface StageVideoFile {
  /** Short key, [a-z0-9-]+: the video's cache-key input is `file:<name>`; problems are grouped by it. */
  name: string;
  /** What the file is, for messages, e.g. "Sultani C3D feature file (sultani-txt)". */
  what: string;
  /** Absolute path. */
  path?: string;
  /** Set instead of (or with) `path` when something other than the file's existence is wrong. */
  missing?: string;
  /** How to fix a missing file. */
  hint?: string;
}

export interface VideoStageContext<P> {
  params: P;
  video: VideoEntry;
  /** Directory the manifest's relative URIs resolve against. */
  datasetDir: string;
  /** Input artifact name -> file path (per-video inputs) or directory (dataset-level inputs such as a model). */
  inputs: Readonly<Record<string, string>>;
  /** Where to write each declared output (a file path); the runner moves it into the store. */
  outputPath(name: string): string;
  seed: number;
  log: Logger;
  signal?: AbortSignal;
  /**
   * The runner's provenance for this job (source-hash code version). Built-in stages write their own
   * lineage with their manual `version` instead, so a refactor that leaves outputs identical also
   * leaves the artifact bytes identical and downstream keys unchanged (early cutoff).
   */
  lineage?: Lineage;
  /** Optional progress callback (e.g. frames done of the video's total), for callers that show a bar (wsstad infer). */
  onProgress?: (done: number, total: number) => void;
}

export interface VideoStage<P = unknown> extends StageBase<P> {
  scope: 'video';
  /** Which videos of the manifest it runs on (default: all). */
  splits?: ReadonlyArray<'train' | 'test'>;
  run(ctx: VideoStageContext<P>): Promise<void>;
}

export interface DatasetVideoInput {
  video: VideoEntry;
  /** Input artifact name -> path, for this video. */
  inputs: Readonly<Record<string, string>>;
}

export interface DatasetStageContext<P> {
  params: P;
  datasetDir: string;
  videos: readonly DatasetVideoInput[];
  /** Dataset-level inputs (e.g. 'model' -> directory). */
  inputs: Readonly<Record<string, string>>;
  /** Each output of a dataset stage is a directory the stage fills. */
  outputDir(name: string): string;
  seed: number;
  log: Logger;
  signal?: AbortSignal;
  /** Provenance for the outputs (filled by the runner). */
  lineage?: Lineage;
}

export interface DatasetStage<P = unknown> extends StageBase<P> {
  scope: 'dataset';
  splits?: ReadonlyArray<'train' | 'test'>;
  run(ctx: DatasetStageContext<P>): Promise<void>;
}

export type StageDefinition<P = unknown> = VideoStage<P> | DatasetStage<P>;
