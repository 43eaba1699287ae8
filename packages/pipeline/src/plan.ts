import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VideoEntry } from '@wsstad/core';
import { createCodeVersioner } from './code-version';
import { DEFAULT_RUN_OPTIONS } from './defaults';
import { stageChanges } from './plan-changes';
import { planDatasetStage, planVideoStage } from './plan-stage';
import type { KeyParts, PipelinePlan, Planner, PlanOptions, StageOutputs, StagePlan } from './plan-types';
import { hashFileSync } from './store/hashing';
import type { Store } from './store/store';
import type { CodeVersion, Dataset, Pipeline, PlannedStage } from './types';

export type {
  Outputs,
  StageOutputs,
  Staleness,
  VideoPlan,
  StagePlan,
  PipelinePlan,
  PlanOptions,
  Planner,
} from './plan-types';
export { stageInputs, type StageInputs } from './plan-stage';

/**
 * The planner: everything keys depend on besides upstream outputs, memoised for one run or status
 * (code versions, video-file hashes, external-file hashes), and the one place keys are computed from.
 */
export function createPlanner(pipeline: Pipeline, store: Store, dataset: Dataset, o: PlanOptions = {}): Planner {
  const codeFn = o.codeVersion ?? createCodeVersioner({ root: o.root });
  const codeMemo = new Map<string, CodeVersion>();
  const code = (s: PlannedStage) => {
    let c = codeMemo.get(s.name);
    if (!c) {
      c = codeFn(s.def);
      codeMemo.set(s.name, c);
    }
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
    pipeline,
    store,
    dataset,
    code,
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
