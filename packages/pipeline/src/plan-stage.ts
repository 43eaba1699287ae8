import { externalFileHashes } from './external-files';
import { datasetKey, inSplits, shardOf, videoKey } from './keys';
import type { KeyParts, Staleness, StageOutputs, StagePlan, VideoPlan } from './plan-types';
import type { PlannedStage, StageManifest, StoredOutput } from './types';

/*
 * Planning one stage from the outputs of the stages before it: the one place a video's inputs are
 * gathered and its cache key computed (used by plan() for run and status, stageInputs by infer).
 */

/** A stage's inputs for one video: by input name, or why not (an output nobody wrote, a pending stage). */
export type StageInputs<T> = { inputs: Record<string, T> } | { missing: string } | { pending: string };

/**
 * One video's inputs from the outputs of the stages before it, by the stage's bindings (all, or
 * those of one scope): the one place inputs are gathered. `T` is a stored object (plan, run) or a
 * file path (`wsstad infer`, which runs the stages outside a store).
 */
export function stageInputs<T>(
  s: PlannedStage,
  id: string,
  upstream: (stage: string) => ReadonlyMap<string, Readonly<Record<string, T>> | null>,
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
  { inputs: Record<string, string>; sources: Record<string, StoredOutput> } | { missing: string } | { pending: string };
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
const waiting = (id: string, waitingFor: string): VideoPlan => ({
  id,
  inputs: {},
  sources: {},
  stale: 'upstream-stale',
  waitingFor,
});

export function planVideoStage(
  k: KeyParts,
  s: PlannedStage,
  code: string,
  upstream: Upstream,
  previous?: StageManifest,
): StageBody {
  const videos: VideoPlan[] = [];
  const skipped: StagePlan['skipped'] = [];
  for (const v of k.dataset.videos) {
    if (!inSplits(s, v) || (k.shard && shardOf(v.id, k.shard.count) !== k.shard.index)) continue;
    const g = gather(s, v.id, upstream);
    if ('missing' in g) {
      skipped.push({ id: v.id, missing: g.missing });
      continue;
    }
    if ('pending' in g) {
      videos.push(waiting(v.id, g.pending));
      continue;
    }
    Object.assign(g.inputs, externalFileHashes(s, v, k.dataset.dir, k.fileMemo));
    const key = videoKey(s, code, g.inputs, v, k.videoHash(v), k.pipeline.seed);
    const cached = k.store.readKey(s.uses, key);
    const entry = previous?.videos[v.id];
    const stale = staleness(entry, g.inputs, Boolean(cached));
    videos.push({
      id: v.id,
      key,
      inputs: g.inputs,
      sources: g.sources,
      ...(cached && { cached }),
      ...(stale && { stale }),
    });
  }
  return { videos, skipped };
}

/**
 * A dataset stage's single entry: keyed on its dataset-level inputs and, per member video, the
 * video-level inputs plus the video file's hash. Lineage inputs are the dataset-level hashes and
 * `videos: <key>` (the per-video hashes are too many to list).
 */
export function planDatasetStage(
  k: KeyParts,
  s: PlannedStage,
  code: string,
  upstream: Upstream,
  previous?: StageManifest,
): StageBody {
  const ds = gather(s, '*', upstream, 'dataset');
  if (!('inputs' in ds)) return { videos: [waiting('*', 'pending' in ds ? ds.pending : ds.missing)], skipped: [] };
  const members: NonNullable<VideoPlan['members']> = [];
  const skipped: StagePlan['skipped'] = [];
  for (const v of k.dataset.videos.filter((x) => inSplits(s, x))) {
    const g = gather(s, v.id, upstream, 'video');
    if ('pending' in g) return { videos: [waiting('*', g.pending)], skipped: [] };
    if ('missing' in g) {
      skipped.push({ id: v.id, missing: g.missing });
      continue;
    }
    members.push({ video: v, inputs: g.inputs, sources: g.sources });
  }
  const key = datasetKey(
    s,
    code,
    ds.inputs,
    members.map((m) => {
      const vh = k.videoHash(m.video);
      return [m.video, { ...m.inputs, ...(vh ? { video: vh } : {}) }];
    }),
    k.pipeline.seed,
  );
  const inputs = { ...ds.inputs, videos: key };
  const cached = k.store.readKey(s.uses, key);
  const stale = staleness(previous?.videos['*'], inputs, Boolean(cached));
  const entry: VideoPlan = {
    id: '*',
    key,
    inputs,
    sources: ds.sources,
    members,
    ...(cached && { cached }),
    ...(stale && { stale }),
  };
  return { videos: [entry], skipped };
}
