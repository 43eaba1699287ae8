import type { Logger, StageDefinition, VideoEntry } from '@wsstad/core';

/** A frozen map of registry name -> stage definition. */
export type StageRegistry = Readonly<Record<string, StageDefinition<unknown>>>;

/** `dataset:` of a pipeline file: a manifest path or a generated dataset. */
export type DatasetSpec =
  | { kind: 'manifest'; manifest: string }
  | { kind: 'synth'; preset: string; seed: number; overrides: Record<string, unknown> };

/** One `stages:` entry as written in the pipeline file, after schema validation. */
export interface StageSpec {
  /** Stage instance name, unique in the pipeline (e.g. 'link'). */
  name: string;
  /** Registry name of the implementation (e.g. 'link'). */
  uses: string;
  /** Raw params as written (normalised by the stage's normalizeParams at load). */
  params: Record<string, unknown>;
  /**
   * Input artifact -> `<stage>.<artifact>`; omitted inputs resolve to the nearest earlier stage writing that artifact.
   */
  inputs: Record<string, string>;
  splits?: Array<'train' | 'test'>;
}

/** A validated pipeline file, paths still as written. */
export interface PipelineSpec {
  name: string;
  dataset: DatasetSpec;
  store?: string;
  seed: number;
  stages: StageSpec[];
}

/** Where one input of a stage comes from. */
export interface InputBinding {
  /** Artifact name the consuming stage sees. */
  name: string;
  fromStage: string;
  fromArtifact: string;
  /** 'video' when the producer is a per-video stage (one file per video), 'dataset' for a directory. */
  scope: 'video' | 'dataset';
}

/** A stage of a loaded pipeline: spec + implementation + normalised params. */
export interface PlannedStage {
  name: string;
  uses: string;
  def: StageDefinition<unknown>;
  params: unknown;
  paramsHash: string;
  inputs: InputBinding[];
  splits?: ReadonlyArray<'train' | 'test'>;
  /** Index in the pipeline's stage list. */
  index: number;
}

/** A loaded pipeline: absolute paths, bound stages. */
export interface Pipeline {
  name: string;
  /** Absolute path of pipeline.yaml. */
  file: string;
  dir: string;
  /** Absolute store directory. */
  storeDir: string;
  /** Absolute path of pipeline.lock.json. */
  lockFile: string;
  dataset: DatasetSpec;
  seed: number;
  stages: PlannedStage[];
  spec: PipelineSpec;
}

/** The code version of one stage implementation, with the per-file hashes `status` diffs. */
export interface CodeVersion {
  hash: string;
  /** Workspace-relative path -> sha256 of the file content ('version:' entry holds the stage's version string). */
  files: Record<string, string>;
}

export type CodeVersionFn = (def: StageDefinition<unknown>) => CodeVersion;

/** Loaded dataset manifest. */
export interface Dataset {
  /** Absolute manifest path. */
  manifest: string;
  dir: string;
  videos: VideoEntry[];
}

/** Maps a dataset kind (e.g. 'synth') to a function producing a manifest path. */
export type DatasetProvider = (
  spec: DatasetSpec,
  ctx: { pipelineDir: string; storeDir: string; log: Logger },
) => Promise<string> | string;

/** Output of a stored stage entry. */
export interface StoredOutput {
  hash: string;
  /** 'file' = one object; 'tree' = a directory stored as a tree object listing its files. */
  type: 'file' | 'tree';
}

/** A key file: what a stage produced for one cache key. */
export interface KeyRecord {
  key: string;
  stage: string;
  videoId?: string;
  outputs: Record<string, StoredOutput>;
  lineage: { codeVersion: string; paramsHash: string; inputs: Record<string, string>; seed: number };
  /** sha256 over key, stage, videoId, outputs and lineage (set by Store.writeKey, checked by readKey). */
  seal?: string;
}

/** One video's row of a stage manifest. */
export interface ManifestEntry {
  key: string;
  /** Input artifact -> content hash (what status diffs to say which inputs changed). */
  inputs: Record<string, string>;
  /** Output artifact -> content hash. */
  outputs: Record<string, string>;
}

/** `manifests/<pipeline>/<stage>.json` and the Nx output of a stage. No timestamps: equal runs give equal bytes. */
export interface StageManifest {
  pipeline: string;
  stage: string;
  uses: string;
  scope: 'video' | 'dataset';
  codeVersion: string;
  paramsHash: string;
  /** Per-video stages: video id -> entry (sorted by id). Dataset stages: the single entry under '*'. */
  videos: Record<string, ManifestEntry>;
  /** Videos that failed under --keep-going: id -> error message. */
  failed?: Record<string, string>;
  /** Present on a shard's partial manifest. */
  shard?: { index: number; count: number };
}

/** `pipelines/<name>/pipeline.lock.json`. */
export interface PipelineLock {
  pipeline: string;
  dataset: { manifest: string; hash: string; videos: number };
  seed: number;
  stages: Record<
    string,
    {
      uses: string;
      package: string;
      version: string;
      params: unknown;
      paramsHash: string;
      codeVersion: string;
      codeFiles: Record<string, string>;
      manifestHash: string;
      videos: number;
    }
  >;
}
