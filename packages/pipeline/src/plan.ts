import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VideoEntry } from '@wsstad/core';
import { createCodeVersioner } from './code-version';
import { DEFAULT_RUN_OPTIONS } from './defaults';
import { externalFileHashes } from './external-files';
import { datasetKey, inSplits, shardOf, videoKey } from './keys';
import { stageChanges, type StageChanges } from './plan-changes';
import { hashFileSync } from './store/hashing';
import type { Store } from './store/store';
import type {
  CodeVersion, CodeVersionFn, Dataset, KeyRecord, Pipeline, PipelineLock, PlannedStage, StageManifest, StoredOutput,
} from './types';

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

export interface PipelinePlan { pipeline: string; stages: StagePlan[] }

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

/**
 * Everything keys depend on besides upstream outputs, memoised for one run or status: code
 * versions, video-file hashes, external-file hashes. The one place keys are computed from.
 */
export interface Planner {
  pipeline: Pipeline;
  store: Store;
  dataset: Dataset;
  code(s: PlannedStage): CodeVersion;
  /** Plan one stage given the outputs of the stages before it. */
  stage(s: PlannedStage, upstream: (stage: string) => StageOutputs): StagePlan;
}

export function createPlanner(pipeline: Pipeline, store: Store, dataset: Dataset, o: PlanOptions = {}): Planner {
  const codeFn = o.codeVersion ?? createCodeVersioner({ root: o.root });
  const codeMemo = new Map<string, CodeVersion>();
  const code = (s: PlannedStage) => {
    let c = codeMemo.get(s.name);
    if (!c) { c = codeFn(s.def); codeMemo.set(s.name, c); }
    return c;
  };
  const hashVideos = o.hashVideoFiles ?? DEFAULT_RUN_OPTIONS.hashVideoFiles;
  const vmemo = new Map<string, string | undefined>();
  const videoHash = (v: VideoEntry): string | undefined => {
    if (!hashVideos || v.uri.startsWith('synth:')) return undefined;
    if (!vmemo.has(v.id)) {
      const f = resolve(dataset.dir, v.uri);
      vmemo.set(v.id, existsSync(f) ? hashFileSync(f) : undefined);
    }
    return vmemo.get(v.id);
  };
  const fileMemo = new Map<string, string | null>();
  const k: KeyParts = { pipeline, store, dataset, videoHash, fileMemo, shard: o.shard };
  return {
    pipeline, store, dataset, code,
    stage(s, upstream) {
      const cv = code(s);
      const previous = store.readManifest(pipeline.name, s.name, o.shard);
      const body = (s.def.scope === 'dataset' ? planDatasetStage : planVideoStage)(k, s, cv.hash, upstream, previous);
      const covered = new Set(body.videos.map((v) => v.id));
      const removed = Object.keys(previous?.videos ?? {}).filter((id) => !covered.has(id));
      return { stage: s, code: cv, ...body, removed, previous, changes: stageChanges(s, cv, o.lock) };
    },
  };
}

/**
 * The pure plan of a whole pipeline from the store (`status`): each stage's per-video keys,
 * inputs and staleness, upstream outputs taken from the key files found (a video without one is
 * pending, so its dependants are 'upstream-stale'). Reads the store, writes nothing.
 */
export function plan(pipeline: Pipeline, store: Store, dataset: Dataset, options: PlanOptions = {}): PipelinePlan {
  const planner = createPlanner(pipeline, store, dataset, options);
  const known = new Map<string, StageOutputs>();
  const stages: StagePlan[] = [];
  for (const s of pipeline.stages) {
    const sp = planner.stage(s, (name) => known.get(name) ?? new Map());
    // A video without a key file is pending: its content, so its dependants' keys, are not known yet.
    known.set(s.name, new Map(sp.videos.map((v) => [v.id, v.cached ? v.cached.outputs : null])));
    stages.push(sp);
  }
  return { pipeline: pipeline.name, stages };
}

interface KeyParts {
  pipeline: Pipeline;
  store: Store;
  dataset: Dataset;
  videoHash(v: VideoEntry): string | undefined;
  fileMemo: Map<string, string | null>;
  shard?: { index: number; count: number };
}

/** A stage's inputs for one video: by input name, or why not (an output nobody wrote, a pending stage). */
export type StageInputs<T> = { inputs: Record<string, T> } | { missing: string } | { pending: string };

/**
 * One video's inputs from the outputs of the stages before it, by the stage's bindings (all, or
 * those of one scope): the one place inputs are gathered. `T` is a stored object (plan, run) or a
 * file path (`wsstad infer`, which runs the stages outside a store).
 */
export function stageInputs<T>(
  s: PlannedStage, id: string, upstream: (stage: string) => ReadonlyMap<string, Readonly<Record<string, T>> | null>,
  scope?: 'video' | 'dataset',
): StageInputs<T> {
  const inputs: Record<string, T> = {};
  for (const b of s.inputs) {
    if (scope && b.scope !== scope) continue;
    const o = upstream(b.fromStage).get(b.scope === 'video' ? id : '*');
    if (o === null) return { pending: b.fromStage };
    const x = o?.[b.fromArtifact];
    if (x === undefined) return { missing: `${b.fromStage}.${b.fromArtifact}` };
    inputs[b.name] = x;
  }
  return { inputs };
}

type Gathered =
  | { inputs: Record<string, string>; sources: Record<string, StoredOutput> }
  | { missing: string }
  | { pending: string };
type Upstream = (stage: string) => StageOutputs;

function gather(s: PlannedStage, id: string, upstream: Upstream, scope?: 'video' | 'dataset'): Gathered {
  const g = stageInputs(s, id, upstream, scope);
  if (!('inputs' in g)) return g;
  return { inputs: Object.fromEntries(Object.entries(g.inputs).map(([k, o]) => [k, o.hash])), sources: g.inputs };
}

type Hashes = Record<string, string>;

function staleness(entry: { inputs: Hashes } | undefined, inputs: Hashes, cached: boolean): Staleness | undefined {
  if (!entry) return 'new';
  if (JSON.stringify(entry.inputs) !== JSON.stringify(inputs)) return 'inputs-changed';
  return cached ? undefined : 'missing';
}

type StageBody = Pick<StagePlan, 'videos' | 'skipped'>;

/** A pending upstream: the whole entry waits (no key yet). */
const waiting = (id: string, waitingFor: string): VideoPlan =>
  ({ id, inputs: {}, sources: {}, stale: 'upstream-stale', waitingFor });

function planVideoStage(k: KeyParts, s: PlannedStage, code: string, upstream: Upstream, previous?: StageManifest):
  StageBody {
  const videos: VideoPlan[] = [];
  const skipped: StagePlan['skipped'] = [];
  for (const v of k.dataset.videos) {
    if (!inSplits(s, v) || (k.shard && shardOf(v.id, k.shard.count) !== k.shard.index)) continue;
    const g = gather(s, v.id, upstream);
    if ('missing' in g) { skipped.push({ id: v.id, missing: g.missing }); continue; }
    if ('pending' in g) { videos.push(waiting(v.id, g.pending)); continue; }
    Object.assign(g.inputs, externalFileHashes(s, v, k.dataset.dir, k.fileMemo));
    const key = videoKey(s, code, g.inputs, v, k.videoHash(v), k.pipeline.seed);
    const cached = k.store.readKey(s.uses, key);
    const entry = previous?.videos[v.id];
    const stale = staleness(entry, g.inputs, Boolean(cached));
    videos.push({
      id: v.id, key, inputs: g.inputs, sources: g.sources, ...(cached && { cached }), ...(stale && { stale }),
    });
  }
  return { videos, skipped };
}

/**
 * A dataset stage's single entry: keyed on its dataset-level inputs and, per member video, the
 * video-level inputs plus the video file's hash. Lineage inputs are the dataset-level hashes and
 * `videos: <key>` (the per-video hashes are too many to list).
 */
function planDatasetStage(k: KeyParts, s: PlannedStage, code: string, upstream: Upstream, previous?: StageManifest):
  StageBody {
  const ds = gather(s, '*', upstream, 'dataset');
  if (!('inputs' in ds)) return { videos: [waiting('*', 'pending' in ds ? ds.pending : ds.missing)], skipped: [] };
  const members: NonNullable<VideoPlan['members']> = [];
  const skipped: StagePlan['skipped'] = [];
  for (const v of k.dataset.videos.filter((x) => inSplits(s, x))) {
    const g = gather(s, v.id, upstream, 'video');
    if ('pending' in g) return { videos: [waiting('*', g.pending)], skipped: [] };
    if ('missing' in g) { skipped.push({ id: v.id, missing: g.missing }); continue; }
    members.push({ video: v, inputs: g.inputs, sources: g.sources });
  }
  const key = datasetKey(s, code, ds.inputs, members.map((m) => {
    const vh = k.videoHash(m.video);
    return [m.video, { ...m.inputs, ...(vh ? { video: vh } : {}) }];
  }), k.pipeline.seed);
  const inputs = { ...ds.inputs, videos: key };
  const cached = k.store.readKey(s.uses, key);
  const stale = staleness(previous?.videos['*'], inputs, Boolean(cached));
  const entry: VideoPlan = {
    id: '*', key, inputs, sources: ds.sources, members, ...(cached && { cached }), ...(stale && { stale }),
  };
  return { videos: [entry], skipped };
}
