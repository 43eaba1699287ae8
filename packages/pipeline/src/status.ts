import { DATASETS } from './builtin-datasets';
import { silentLogger, type Logger, type VideoEntry } from '@wsstad/core';
import { loadPipeline } from './load';
import { resolveDataset } from './dataset';
import { createCodeVersioner } from './code-version';
import { datasetKey, inSplits, videoKey } from './keys';
import { externalFileHashes } from './external-files';
import { openStore } from './store/store';
import { hashFileSync } from './store/hashing';
import { readLockFile } from './lockfile';
import type { RunOptions } from './runner';
import type { CodeVersion, Pipeline, StoredOutput } from './types';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ParamChange { path: string; old: unknown; new: unknown }

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

export interface StatusReport { pipeline: string; upToDate: boolean; stages: StageStatus[]; verified?: { objects: number; corrupt: number } }

export interface StatusOptions extends RunOptions {
  /** Re-hash every output object the current keys name (slower: reads all artifacts). */
  verify?: boolean;
}

type Known = Map<string, Record<string, StoredOutput> | null>;

/**
 * Status from the lock file and the store, running nothing: for each stage, whether it is up to
 * date, else why (param old -> new, changed code files, new videos, videos whose inputs changed).
 * Per-video keys are recomputed from upstream content hashes found in the store; a key file is
 * trusted to exist here (run re-verifies objects before reuse).
 */
export async function pipelineStatus(pipeline: Pipeline | string, opts: StatusOptions = {}): Promise<StatusReport> {
  const p = typeof pipeline === 'string' ? loadPipeline(pipeline, opts) : pipeline;
  const log: Logger = opts.log ?? silentLogger;
  const store = openStore(p.storeDir, { log });
  const dataset = await resolveDataset(p, opts.datasets ?? DATASETS, log);
  const lock = readLockFile(p);
  const codeFn = opts.codeVersion ?? createCodeVersioner({ root: opts.root });
  const hashVideos = opts.hashVideoFiles ?? true;
  const vmemo = new Map<string, string | undefined>();
  const videoHash = (v: VideoEntry) => {
    if (!hashVideos || v.uri.startsWith('synth:')) return undefined;
    if (!vmemo.has(v.id)) { const f = resolve(dataset.dir, v.uri); vmemo.set(v.id, existsSync(f) ? hashFileSync(f) : undefined); }
    return vmemo.get(v.id);
  };
  const fileMemo = new Map<string, string | null>();
  const known = new Map<string, Known>();
  const verified = { objects: 0, corrupt: 0 };
  /** With --verify: false when a cached output's object (or a tree entry) fails its hash. */
  const intact = (outputs: Record<string, StoredOutput>): boolean => {
    if (!opts.verify) return true;
    let ok = true;
    for (const o of Object.values(outputs)) {
      verified.objects++;
      if (!store.verifyOutput(o)) { ok = false; verified.corrupt++; }
    }
    return ok;
  };
  const out: StageStatus[] = [];
  for (const s of p.stages) {
    const cv: CodeVersion = codeFn(s.def);
    const st: StageStatus = { stage: s.name, upToDate: true, reasons: [], params: [], code: { changed: [], added: [], removed: [] }, videos: { new: [], inputsChanged: [], upstreamStale: [], missing: [], removed: [], corrupt: [] }, toCompute: 0 };
    const prev = lock?.stages[s.name];
    const manifest = store.readManifest(p.name, s.name);
    if (!prev || !manifest) st.reasons.push('never run (no lock entry or manifest)');
    if (prev) {
      st.params = diffParams(prev.params, s.params ?? null);
      for (const c of st.params) st.reasons.push(`param ${c.path}: ${fmt(c.old)} -> ${fmt(c.new)}`);
      for (const [f, h] of Object.entries(cv.files)) {
        if (!(f in prev.codeFiles)) st.code.added.push(f);
        else if (prev.codeFiles[f] !== h) st.code.changed.push(f);
      }
      for (const f of Object.keys(prev.codeFiles)) if (!(f in cv.files)) st.code.removed.push(f);
      if (st.code.changed.length) st.reasons.push(`code changed: ${st.code.changed.join(', ')}`);
      if (st.code.added.length) st.reasons.push(`code added: ${st.code.added.join(', ')}`);
      if (st.code.removed.length) st.reasons.push(`code removed: ${st.code.removed.join(', ')}`);
      if (prev.uses !== s.uses) st.reasons.push(`implementation changed: ${prev.uses} -> ${s.uses}`);
    }
    const mine: Known = new Map();
    const inputsOf = (id: string): Record<string, string> | null => {
      const h: Record<string, string> = {};
      for (const b of s.inputs) {
        const o = known.get(b.fromStage)?.get(b.scope === 'video' ? id : '*');
        if (o === undefined) return null; // upstream does not produce it for this video
        if (o === null) return { __stale: b.fromStage };
        const x = o[b.fromArtifact];
        if (!x) return null;
        h[b.name] = x.hash;
      }
      return h;
    };
    if (s.def.scope === 'video') {
      const ids = new Set<string>();
      for (const v of dataset.videos.filter((x) => inSplits(s, x))) {
        const inp = inputsOf(v.id);
        if (inp === null) continue;
        ids.add(v.id);
        const prevEntry = manifest?.videos[v.id];
        if (inp.__stale) { mine.set(v.id, null); st.videos.upstreamStale.push(v.id); continue; }
        Object.assign(inp, externalFileHashes(s, v, dataset.dir, fileMemo));
        const key = videoKey(s, cv.hash, inp, v, videoHash(v), p.seed);
        const rec = store.readKey(s.uses, key);
        mine.set(v.id, rec ? rec.outputs : null);
        if (rec && !intact(rec.outputs)) { st.videos.corrupt.push(v.id); st.toCompute++; continue; }
        if (!prevEntry) st.videos.new.push(v.id);
        else if (JSON.stringify(prevEntry.inputs) !== JSON.stringify(inp)) st.videos.inputsChanged.push(v.id);
        else if (!rec) st.videos.missing.push(v.id);
        if (!rec) st.toCompute++;
        else if (prevEntry?.key !== key) st.upToDate = false; // cached but the manifest must be rewritten
      }
      for (const id of Object.keys(manifest?.videos ?? {})) if (!ids.has(id)) st.videos.removed.push(id);
    } else {
      const vids: Array<[VideoEntry, Record<string, string>]> = [];
      let stale: string | undefined;
      const ds: Record<string, string> = {};
      for (const b of s.inputs.filter((x) => x.scope === 'dataset')) {
        const o = known.get(b.fromStage)?.get('*');
        if (!o) stale = b.fromStage; else ds[b.name] = o[b.fromArtifact]!.hash;
      }
      for (const v of dataset.videos.filter((x) => inSplits(s, x))) {
        const inp = s.inputs.some((b) => b.scope === 'video') ? inputsOf(v.id) : {};
        if (inp === null) continue;
        if (inp.__stale) { stale = inp.__stale; continue; }
        const vh = videoHash(v);
        vids.push([v, { ...inp, ...(vh ? { video: vh } : {}) }]);
      }
      if (stale) { mine.set('*', null); st.videos.upstreamStale.push('*'); st.reasons.push(`inputs change when '${stale}' recomputes`); st.toCompute = 1; }
      else {
        const key = datasetKey(s, cv.hash, ds, vids, p.seed);
        const rec = store.readKey(s.uses, key);
        mine.set('*', rec ? rec.outputs : null);
        if (rec && !intact(rec.outputs)) { st.videos.corrupt.push('*'); st.toCompute = 1; }
        else if (!rec) { st.toCompute = 1; if (manifest && manifest.videos['*']?.key !== key) st.reasons.push('inputs changed (videos or upstream outputs)'); }
        else if (manifest?.videos['*']?.key !== key) st.upToDate = false;
      }
    }
    known.set(s.name, mine);
    const v = st.videos;
    if (v.new.length) st.reasons.push(`new videos: ${list(v.new)}`);
    if (v.inputsChanged.length) st.reasons.push(`inputs changed for videos: ${list(v.inputsChanged)}`);
    if (v.upstreamStale.length && s.def.scope === 'video') st.reasons.push(`inputs change when upstream recomputes, videos: ${list(v.upstreamStale)}`);
    if (v.missing.length) st.reasons.push(`not in store for videos: ${list(v.missing)}`);
    if (v.removed.length) st.reasons.push(`videos removed from dataset: ${list(v.removed)}`);
    if (v.corrupt.length) st.reasons.push(`corrupt objects in store (recomputed by run): ${s.def.scope === 'dataset' ? 'the dataset output' : `videos ${list(v.corrupt)}`}`);
    if (st.toCompute > 0 || st.reasons.length) st.upToDate = false;
    if (!st.upToDate && st.reasons.length === 0) st.reasons.push('results cached in the store, manifest not yet rewritten');
    out.push(st);
  }
  return { pipeline: p.name, upToDate: out.every((s) => s.upToDate), stages: out, ...(opts.verify ? { verified } : {}) };
}

function diffParams(a: unknown, b: unknown, path = ''): ParamChange[] {
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffParams(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path: path || '(params)', old: a, new: b }];
}
const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const fmt = (x: unknown) => (x === undefined ? '(unset)' : JSON.stringify(x));
const list = (ids: string[]) => (ids.length > 8 ? `${ids.slice(0, 8).join(', ')} and ${ids.length - 8} more` : ids.join(', '));

/** Human-readable status, one block per stage. */
export function formatStatus(r: StatusReport): string[] {
  const lines: string[] = [];
  for (const s of r.stages) {
    lines.push(`${s.stage}: ${s.upToDate ? 'up to date' : `stale (${s.toCompute} to compute)`}`);
    for (const why of s.reasons) lines.push(`  - ${why}`);
  }
  if (r.verified) lines.push(`verified ${r.verified.objects} stored outputs: ${r.verified.corrupt ? `${r.verified.corrupt} corrupt` : 'all intact'}`);
  return lines;
}

