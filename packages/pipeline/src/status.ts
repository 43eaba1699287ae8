import { silentLogger, type Logger } from '@wsstad/core';
import { loadPipeline } from './load';
import { resolveDataset } from './dataset';
import { openStore } from './store/store';
import { readLockFile } from './lockfile';
import { plan, type StagePlan } from './plan';
import type { ParamChange } from './plan-changes';
import type { RunOptions } from './runner';
import type { Pipeline, StoredOutput } from './types';

export type { ParamChange };
export interface StageStatus {
  stage: string;
  upToDate: boolean;
  /** One line per reason, e.g. "param threshold: 0.5 -> 0.6". */
  reasons: string[];
  params: ParamChange[];
  code: { changed: string[]; added: string[]; removed: string[] };
  videos: {
    /** In the dataset, not in the last manifest. */
    new: string[];
    /** In the last manifest with other input hashes now. */
    inputsChanged: string[];
    /** Inputs unknown until an upstream stage recomputes. */
    upstreamStale: string[];
    /** Same inputs but no valid key (params/code changed, or the store lost it). */
    missing: string[];
    removed: string[];
    /** With `verify`: cached, but an output object does not re-hash to its name (run recomputes it). */
    corrupt: string[];
  };
  /** How many videos (or 1 for a dataset stage) would be computed by `run`. */
  toCompute: number;
}

export interface StatusReport {
  pipeline: string;
  upToDate: boolean;
  stages: StageStatus[];
  verified?: { objects: number; corrupt: number };
}

export interface StatusOptions extends RunOptions {
  /** Re-hash every output object the current keys name (slower: reads all artifacts). */
  verify?: boolean;
}

/**
 * Status from the lock file and the store, running nothing: the engine's plan() (the same keys
 * `run` computes), told per stage: up to date, else why (param old -> new, changed code files,
 * new videos, videos whose inputs changed). A key file is trusted to exist here (run re-verifies
 * objects before reuse; `verify` re-hashes them now).
 */
export async function pipelineStatus(pipeline: Pipeline | string, opts: StatusOptions): Promise<StatusReport> {
  const p = typeof pipeline === 'string' ? loadPipeline(pipeline, opts) : pipeline;
  const log: Logger = opts.log ?? silentLogger;
  const store = openStore(p.storeDir, { log });
  const dataset = await resolveDataset(p, opts.datasets ?? {}, log);
  const { codeVersion, root, hashVideoFiles } = opts;
  const pp = plan(p, store, dataset, { codeVersion, root, hashVideoFiles, lock: readLockFile(p) });
  const verified = { objects: 0, corrupt: 0 };
  /** With --verify: false when a cached output's object (or a tree entry) fails its hash. */
  const intact = (outputs: Record<string, StoredOutput>): boolean => {
    if (!opts.verify) return true;
    let ok = true;
    for (const o of Object.values(outputs)) {
      verified.objects++;
      if (!store.verifyOutput(o)) {
        ok = false;
        verified.corrupt++;
      }
    }
    return ok;
  };
  const out = pp.stages.map((sp) => stageStatus(sp, intact));
  return {
    pipeline: p.name,
    upToDate: out.every((s) => s.upToDate),
    stages: out,
    ...(opts.verify ? { verified } : {}),
  };
}

function stageStatus(sp: StagePlan, intact: (o: Record<string, StoredOutput>) => boolean): StageStatus {
  const { changes: ch, stage: s } = sp;
  const st: StageStatus = {
    stage: s.name,
    upToDate: true,
    reasons: [],
    params: ch.params,
    code: ch.code,
    toCompute: 0,
    videos: { new: [], inputsChanged: [], upstreamStale: [], missing: [], removed: sp.removed, corrupt: [] },
  };
  if (ch.neverRun || !sp.previous) st.reasons.push('never run (no lock entry or manifest)');
  for (const c of ch.params) st.reasons.push(`param ${c.path}: ${fmt(c.old)} -> ${fmt(c.new)}`);
  if (ch.code.changed.length) st.reasons.push(`code changed: ${ch.code.changed.join(', ')}`);
  if (ch.code.added.length) st.reasons.push(`code added: ${ch.code.added.join(', ')}`);
  if (ch.code.removed.length) st.reasons.push(`code removed: ${ch.code.removed.join(', ')}`);
  if (ch.implementation) st.reasons.push(`implementation changed: ${ch.implementation}`);
  const v = st.videos;
  for (const vp of sp.videos) {
    if (vp.stale === 'upstream-stale') {
      v.upstreamStale.push(vp.id);
      if (vp.id === '*') {
        st.toCompute = 1;
        st.reasons.push(`inputs change when '${vp.waitingFor!.split('.')[0]}' recomputes`);
      }
      continue;
    }
    if (vp.cached && !intact(vp.cached.outputs)) {
      v.corrupt.push(vp.id);
      st.toCompute++;
      continue;
    }
    if (!vp.cached) st.toCompute++;
    if (vp.id === '*') {
      const changed = sp.previous && sp.previous.videos['*']?.key !== vp.key;
      if (!vp.cached && changed) st.reasons.push('inputs changed (videos or upstream outputs)');
    } else if (vp.stale === 'new') v.new.push(vp.id);
    else if (vp.stale === 'inputs-changed') v.inputsChanged.push(vp.id);
    else if (vp.stale === 'missing') v.missing.push(vp.id);
    // Cached but the manifest names another key (or none): the manifest must be rewritten.
    if (vp.cached && sp.previous?.videos[vp.id]?.key !== vp.key) st.upToDate = false;
  }
  if (v.new.length) st.reasons.push(`new videos: ${list(v.new)}`);
  if (v.inputsChanged.length) st.reasons.push(`inputs changed for videos: ${list(v.inputsChanged)}`);
  if (v.upstreamStale.length && s.def.scope === 'video')
    st.reasons.push(`inputs change when upstream recomputes, videos: ${list(v.upstreamStale)}`);
  if (v.missing.length) st.reasons.push(`not in store for videos: ${list(v.missing)}`);
  if (v.removed.length) st.reasons.push(`videos removed from dataset: ${list(v.removed)}`);
  if (v.corrupt.length)
    st.reasons.push(
      `corrupt objects in store (recomputed by ` +
        `run): ${s.def.scope === 'dataset' ? 'the dataset output' : `videos ${list(v.corrupt)}`}`,
    );
  if (st.toCompute > 0 || st.reasons.length) st.upToDate = false;
  if (!st.upToDate && st.reasons.length === 0)
    st.reasons.push('results cached in the store, manifest not yet rewritten');
  return st;
}

const fmt = (x: unknown) => (x === undefined ? '(unset)' : JSON.stringify(x));
const list = (ids: string[]) =>
  ids.length > 8 ? `${ids.slice(0, 8).join(', ')} and ${ids.length - 8} more` : ids.join(', ');

/** Human-readable status, one block per stage. */
export function formatStatus(r: StatusReport): string[] {
  const lines: string[] = [];
  for (const s of r.stages) {
    lines.push(`${s.stage}: ${s.upToDate ? 'up to date' : `stale (${s.toCompute} to compute)`}`);
    for (const why of s.reasons) lines.push(`  - ${why}`);
  }
  if (r.verified)
    lines.push(
      `verified ${r.verified.objects} stored ` +
        `outputs: ${r.verified.corrupt ? `${r.verified.corrupt} corrupt` : 'all intact'}`,
    );
  return lines;
}
