import { DATASETS } from './builtin-datasets';
import { preflight } from './preflight';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ArtifactError, canonicalJson, ConfigError, createProgress, silentLogger, StageFailedError,
  type Logger, type VideoEntry,
} from '@wsstad/core';
import { loadPipeline, selectStages, type LoadOptions } from './load';
import { resolveDataset } from './dataset';
import { warnEmptySplits } from './splits';
import { createCodeVersioner } from './code-version';
import { datasetKey, inSplits, shardOf, videoKey } from './keys';
import { inlineExecutor, processExecutor, type Executor } from './executor';
import { openStore, type Store } from './store/store';
import { hashFileSync } from './store/hashing';
import { externalFileHashes } from './external-files';
import { acquireLock, acquireRunPresence } from './store/lock';
import { updateLockFile } from './lockfile';
import { DEFAULT_RUN_OPTIONS } from './defaults';
import type { CodeVersion, CodeVersionFn, Dataset, DatasetProvider, KeyRecord, ManifestEntry, Pipeline, PlannedStage, StageManifest, StoredOutput } from './types';

export interface ShardSpec { index: number; count: number }

export interface RunOptions extends LoadOptions {
  only?: string[];
  from?: string;
  until?: string;
  /** Recompute these stages for every video even when keys hit. */
  force?: string[];
  keepGoing?: boolean;
  concurrency?: number;
  executor?: 'inline' | 'process';
  /** For the process executor: module exporting `stages` (default: this package's built-in STAGES). */
  registryModule?: string;
  shard?: ShardSpec;
  lockTimeoutMs?: number;
  hashVideoFiles?: boolean;
  log?: Logger;
  /** Code version of a stage (default: hash of its package's production sources). */
  codeVersion?: CodeVersionFn;
  /** Dataset kind -> provider returning a manifest path (e.g. { synth: generateSynthetic }). */
  datasets?: Readonly<Record<string, DatasetProvider>>;
  /** Draw a progress bar (default: when stderr is a TTY). */
  progressTty?: boolean;
}

export interface StageRunReport {
  stage: string;
  scope: 'video' | 'dataset';
  /** Video ids computed in this run ('*' for a dataset stage). */
  computed: string[];
  reused: number;
  /** Videos this stage does not apply to (splits) or whose upstream failed. */
  skipped: string[];
  failed: Array<{ videoId?: string; error: StageFailedError }>;
  manifest?: string;
  ms: number;
}

export interface RunReport {
  pipeline: string;
  ok: boolean;
  stages: StageRunReport[];
  failures: StageFailedError[];
}

type Outputs = Record<string, StoredOutput>;

/** What each stage produced, per video ('*' for dataset stages): from this run or from its manifest. */
type Results = Map<string, Map<string, Outputs>>;

interface RunCtx {
  p: Pipeline;
  store: Store;
  dataset: Dataset;
  results: Results;
  code: (s: PlannedStage) => CodeVersion;
  videoHash: (v: VideoEntry) => string | undefined;
  /** Content hashes of stages' external per-video files (`videoFiles`), absolute path -> hash, for this run. */
  fileMemo: Map<string, string | null>;
  log: Logger;
  opts: RunOptions;
  executor?: Executor;
}

/**
 * Run a pipeline (or the selected stages): per-video stages compute only videos whose keys are
 * missing or fail verification; dataset stages are keyed on all their inputs. Writes each stage's
 * manifest and (unsharded) the pipeline lock file. Default policy: a failing stage stops the run
 * after the videos in flight finish (their results stay in the store) and its StageFailedError is
 * thrown; with keepGoing the other videos run and failures are returned in the report.
 */
export async function runPipeline(pipeline: Pipeline | string, opts: RunOptions = {}): Promise<RunReport> {
  const p = typeof pipeline === 'string' ? loadPipeline(pipeline, opts) : pipeline;
  const log = opts.log ?? silentLogger;
  const shard = opts.shard;
  if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) {
    throw new ConfigError(`invalid shard ${shard.index}/${shard.count}; allowed: i/N with 0 <= i < N`, { hint: '--shard 0/4' });
  }
  const selected = selectStages(p, opts);
  for (const f of opts.force ?? []) if (!p.stages.some((s) => s.name === f)) throw new ConfigError(`--force '${f}': no such stage; valid: ${p.stages.map((s) => s.name).join(', ')}`, { file: p.file });
  const lockName = `pipeline-${p.name}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`;
  const lock = await acquireLock(p.storeDir, lockName, `wsstad run ${p.name}`, { timeoutMs: opts.lockTimeoutMs ?? DEFAULT_RUN_OPTIONS.lockTimeoutMs, log });
  let presence: { release(): void } | undefined;
  const ctx: Partial<RunCtx> = {};
  try {
    presence = await acquireRunPresence(p.storeDir, `wsstad run ${p.name}`, { timeoutMs: opts.lockTimeoutMs ?? 0, log });
    const store = openStore(p.storeDir, { log });
    const dataset = await resolveDataset(p, opts.datasets ?? DATASETS, log);
    preflight(p, selected, dataset);
    warnEmptySplits(p.name, selected, dataset, log);
    const codeFn = opts.codeVersion ?? createCodeVersioner({ root: opts.root });
    const codeMemo = new Map<string, CodeVersion>();
    const vmemo = new Map<string, string | undefined>();
    const hashVideos = opts.hashVideoFiles ?? DEFAULT_RUN_OPTIONS.hashVideoFiles;
    Object.assign(ctx, {
      p, store, dataset, results: new Map(), fileMemo: new Map(), log, opts,
      code: (s: PlannedStage) => { let c = codeMemo.get(s.name); if (!c) { c = codeFn(s.def); codeMemo.set(s.name, c); } return c; },
      videoHash: (v: VideoEntry) => {
        if (!hashVideos || v.uri.startsWith('synth:')) return undefined;
        if (!vmemo.has(v.id)) { const f = resolve(dataset.dir, v.uri); vmemo.set(v.id, existsSync(f) ? hashFileSync(f) : undefined); }
        return vmemo.get(v.id);
      },
    });
    const c = ctx as RunCtx;
    const report: RunReport = { pipeline: p.name, ok: true, stages: [], failures: [] };
    for (const s of selected) {
      if (shard && s.def.scope === 'dataset') {
        log.info(`${s.name}: dataset-level stage skipped in shard ${shard.index}/${shard.count}; run it after 'wsstad run ${p.name} --merge-shards'`);
        continue;
      }
      const r = await runStage(c, s);
      report.stages.push(r);
      for (const f of r.failed) report.failures.push(f.error);
      if (r.failed.length && !opts.keepGoing) { report.ok = false; throw r.failed[0]!.error; }
    }
    report.ok = report.failures.length === 0;
    if (!shard) updateLockFile(p, dataset, store, report.stages.filter((r) => r.failed.length === 0).map((r) => r.stage), c.code);
    return report;
  } finally {
    ctx.executor?.close();
    presence?.release();
    lock.release();
  }
}

/** Outputs of `stage` per video: this run's results, else its last manifest (verified before use). */
function upstream(c: RunCtx, stage: string): Map<string, Outputs> {
  const mine = c.results.get(stage);
  if (mine) return mine;
  const s = c.p.stages.find((x) => x.name === stage)!;
  const m = c.store.readManifest(c.p.name, stage);
  if (!m) throw new ConfigError(`stage '${stage}' has no manifest in ${c.store.dir}: run it first`, { file: c.p.file, hint: `wsstad run ${c.p.name} --until ${stage}` });
  const out = new Map<string, Outputs>();
  for (const [id, e] of Object.entries(m.videos)) {
    const rec = c.store.readKey(s.uses, e.key);
    if (!rec) continue;
    if ((rec.videoId ?? '*') !== id || canonicalJson(flat(rec.outputs)) !== canonicalJson(e.outputs ?? {})) {
      c.log.warn(`${stage}: key file ${c.store.keyPath(s.uses, e.key)} belongs to ${rec.videoId ? `video '${rec.videoId}'` : 'another entry'}, not '${id}' of ${c.store.manifestPath(c.p.name, stage)}; treating '${id}' as not computed (rerun with --from ${stage})`);
      continue;
    }
    out.set(id, rec.outputs);
  }
  c.results.set(stage, out);
  return out;
}

function executorFor(c: RunCtx): Executor {
  if (!c.executor) {
    const kind = c.opts.executor ?? DEFAULT_RUN_OPTIONS.executor;
    c.executor = kind === 'process'
      ? processExecutor({ registryModule: c.opts.registryModule ?? join(__dirname, 'builtin-stages.ts'), workers: c.opts.concurrency ?? DEFAULT_RUN_OPTIONS.concurrency })
      : inlineExecutor();
  }
  return c.executor;
}

/** Gather one video's inputs as content hashes and verified paths; undefined when an upstream lacks it. */
function videoInputs(c: RunCtx, s: PlannedStage, id: string): { hashes: Record<string, string>; paths: Record<string, string>; missing?: string } {
  const hashes: Record<string, string> = {};
  const paths: Record<string, string> = {};
  for (const b of s.inputs) {
    const up = upstream(c, b.fromStage).get(b.scope === 'video' ? id : '*');
    const o = up?.[b.fromArtifact];
    if (!o) return { hashes, paths, missing: `${b.fromStage}.${b.fromArtifact}` };
    if (!c.store.verifyOutput(o)) throw new ArtifactError(`input ${b.fromStage}.${b.fromArtifact}${b.scope === 'video' ? ` of video '${id}'` : ''} failed verification (hash mismatch)`, { file: c.store.objectPath(o.hash), hint: `rerun with --from ${b.fromStage} to recompute it` });
    hashes[b.name] = o.hash;
    paths[b.name] = o.type === 'tree' ? c.store.materializeTree(o.hash) : c.store.objectPath(o.hash);
  }
  return { hashes, paths };
}

/**
 * A cached entry is reused only if its key file is sealed, was written for this video and these
 * inputs, code, params and seed (key-to-content binding), names every declared output, and every
 * object re-hashes to its name.
 */
function hit(c: RunCtx, s: PlannedStage, key: string, videoId: string | undefined, inputs: Record<string, string>, code: string, prev?: ManifestEntry): KeyRecord | undefined {
  if (c.opts.force?.includes(s.name)) return undefined;
  const rec = c.store.readKey(s.uses, key);
  if (!rec) return undefined;
  if (rec.seal === undefined) {
    // Written before key seals: trusted only where this stage's last manifest (fsynced) names the
    // same key and outputs, then sealed in place, so upgrading does not recompute a whole store.
    if (prev?.key !== key || canonicalJson(prev.outputs) !== canonicalJson(flat(rec.outputs))) return undefined;
    c.store.writeKey(rec);
  }
  const l = rec.lineage;
  if (rec.videoId !== videoId || l.codeVersion !== code || l.paramsHash !== s.paramsHash || l.seed !== c.p.seed || canonicalJson(l.inputs) !== canonicalJson(inputs)) {
    c.log.warn(`${s.name}: key file ${c.store.keyPath(s.uses, key)} was written for ${rec.videoId ? `video '${rec.videoId}'` : 'other'} inputs, not ${videoId ? `video '${videoId}'` : 'this dataset'}; ignoring it and recomputing`);
    return undefined;
  }
  for (const o of s.def.outputs) {
    const out = rec.outputs[o];
    if (!out || !c.store.verifyOutput(out)) { c.log.warn(`${s.name}: stored ${o} of key ${key.slice(0, 12)}${rec.videoId ? ` (video ${rec.videoId})` : ''} failed verification; recomputing`); return undefined; }
  }
  return rec;
}

async function runStage(c: RunCtx, s: PlannedStage): Promise<StageRunReport> {
  const t0 = Date.now();
  const code = c.code(s).hash;
  const r: StageRunReport = { stage: s.name, scope: s.def.scope, computed: [], reused: 0, skipped: [], failed: [], ms: 0 };
  const results = new Map<string, Outputs>();
  const entries: Record<string, ManifestEntry> = {};
  const previous = c.store.readManifest(c.p.name, s.name, c.opts.shard)?.videos ?? {};
  const failedMsgs: Record<string, string> = {};
  const log = c.log.child(s.name);
  if (s.def.scope === 'dataset') {
    await runDatasetStage(c, s, code, r, results, entries, log, previous['*']);
  } else {
    const shard = c.opts.shard;
    const videos = c.dataset.videos.filter((v) => inSplits(s, v) && (!shard || shardOf(v.id, shard.count) === shard.index));
    const todo: Array<{ v: VideoEntry; key: string; hashes: Record<string, string>; paths: Record<string, string> }> = [];
    for (const v of videos) {
      const inp = videoInputs(c, s, v.id);
      if (inp.missing) { r.skipped.push(v.id); log.debug(`skip ${v.id}: no ${inp.missing}`); continue; }
      Object.assign(inp.hashes, externalFileHashes(s, v, c.dataset.dir, c.fileMemo));
      const key = videoKey(s, code, inp.hashes, v, c.videoHash(v), c.p.seed);
      const rec = hit(c, s, key, v.id, inp.hashes, code, previous[v.id]);
      if (rec) { results.set(v.id, rec.outputs); entries[v.id] = { key, inputs: inp.hashes, outputs: flat(rec.outputs) }; r.reused++; continue; }
      todo.push({ v, key, hashes: inp.hashes, paths: inp.paths });
    }
    if (todo.length) {
      const progress = createProgress({ total: todo.length, label: `${s.name}`, logger: log, tty: c.opts.progressTty ?? false });
      const exec = executorFor(c);
      let stop = false;
      await pool(todo, c.opts.concurrency ?? DEFAULT_RUN_OPTIONS.concurrency, async (t) => {
        if (stop) return;
        const tmp = c.store.tempDir(s.name);
        try {
          await exec.runVideo({ stage: s, video: t.v, datasetDir: c.dataset.dir, inputs: t.paths, outDir: tmp, seed: c.p.seed, log,
            lineage: { stage: s.uses, codeVersion: code, paramsHash: s.paramsHash, inputs: t.hashes, videoId: t.v.id } });
          const outputs = collectOutputs(c.store, s, tmp, 'file');
          c.store.writeKey({ key: t.key, stage: s.uses, videoId: t.v.id, outputs, lineage: { codeVersion: code, paramsHash: s.paramsHash, inputs: t.hashes, seed: c.p.seed } });
          results.set(t.v.id, outputs);
          entries[t.v.id] = { key: t.key, inputs: t.hashes, outputs: flat(outputs) };
          r.computed.push(t.v.id);
        } catch (e) {
          const err = new StageFailedError(s.name, t.v.id, e);
          r.failed.push({ videoId: t.v.id, error: err });
          failedMsgs[t.v.id] = err.message;
          log.error(err.message);
          if (!c.opts.keepGoing) stop = true;
        } finally {
          rmSync(tmp, { recursive: true, force: true });
          progress.tick(1, t.v.id);
        }
      });
      progress.done(`${r.computed.length} computed, ${r.reused} reused, ${r.failed.length} failed`);
    } else {
      log.info(`up to date (${r.reused} videos reused)`);
    }
  }
  c.results.set(s.name, results);
  if (r.failed.length === 0 || c.opts.keepGoing) {
    const m: StageManifest = { pipeline: c.p.name, stage: s.name, uses: s.uses, scope: s.def.scope, codeVersion: code, paramsHash: s.paramsHash, videos: entries, failed: failedMsgs, ...(c.opts.shard ? { shard: c.opts.shard } : {}) };
    r.manifest = c.store.writeManifest(m);
  }
  r.ms = Date.now() - t0;
  return r;
}

async function runDatasetStage(c: RunCtx, s: PlannedStage, code: string, r: StageRunReport, results: Map<string, Outputs>, entries: Record<string, ManifestEntry>, log: Logger, prev?: ManifestEntry): Promise<void> {
  const perVideo: Array<{ v: VideoEntry; hashes: Record<string, string>; paths: Record<string, string> }> = [];
  const dsHashes: Record<string, string> = {};
  const dsPaths: Record<string, string> = {};
  const videoBindings = s.inputs.filter((b) => b.scope === 'video');
  for (const b of s.inputs.filter((x) => x.scope === 'dataset')) {
    const o = upstream(c, b.fromStage).get('*')?.[b.fromArtifact];
    if (!o) throw new StageFailedError(s.name, undefined, new Error(`missing dataset input ${b.fromStage}.${b.fromArtifact}`));
    if (!c.store.verifyOutput(o)) throw new StageFailedError(s.name, undefined, new ArtifactError(`input ${b.fromStage}.${b.fromArtifact} failed verification`, { file: c.store.objectPath(o.hash) }));
    dsHashes[b.name] = o.hash;
    dsPaths[b.name] = o.type === 'tree' ? c.store.materializeTree(o.hash) : c.store.objectPath(o.hash);
  }
  for (const v of c.dataset.videos.filter((x) => inSplits(s, x))) {
    const hashes: Record<string, string> = {};
    const paths: Record<string, string> = {};
    let ok = true;
    for (const b of videoBindings) {
      const o = upstream(c, b.fromStage).get(v.id)?.[b.fromArtifact];
      if (!o) { ok = false; break; }
      if (!c.store.verifyOutput(o)) throw new StageFailedError(s.name, v.id, new ArtifactError(`input ${b.fromStage}.${b.fromArtifact} failed verification`, { file: c.store.objectPath(o.hash) }));
      hashes[b.name] = o.hash;
      paths[b.name] = c.store.objectPath(o.hash);
    }
    if (ok) perVideo.push({ v, hashes, paths }); else r.skipped.push(v.id);
  }
  const key = datasetKey(s, code, dsHashes, perVideo.map((x) => [x.v, { ...x.hashes, ...(c.videoHash(x.v) ? { video: c.videoHash(x.v)! } : {}) }]), c.p.seed);
  const allInputs = { ...dsHashes, videos: key };
  const rec = hit(c, s, key, undefined, allInputs, code, prev);
  if (rec) {
    results.set('*', rec.outputs);
    entries['*'] = { key, inputs: allInputs, outputs: flat(rec.outputs) };
    r.reused = 1;
    log.info(`up to date (key ${key.slice(0, 12)})`);
    return;
  }
  const tmp = c.store.tempDir(s.name);
  try {
    log.info(`computing over ${perVideo.length} videos`);
    await s.def.run({
      params: s.params, datasetDir: c.dataset.dir, inputs: dsPaths, seed: c.p.seed, log,
      lineage: { stage: s.uses, codeVersion: code, paramsHash: s.paramsHash, inputs: allInputs },
      videos: perVideo.map((x) => ({ video: x.v, inputs: x.paths })),
      outputDir: (name: string) => { const d = join(tmp, name); mkdirSync(d, { recursive: true }); return d; },
    } as never);
    const outputs = collectOutputs(c.store, s, tmp, 'tree');
    c.store.writeKey({ key, stage: s.uses, outputs, lineage: { codeVersion: code, paramsHash: s.paramsHash, inputs: allInputs, seed: c.p.seed } });
    results.set('*', outputs);
    entries['*'] = { key, inputs: allInputs, outputs: flat(outputs) };
    r.computed.push('*');
  } catch (e) {
    r.failed.push({ error: e instanceof StageFailedError ? e : new StageFailedError(s.name, undefined, e) });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Hash the staged outputs and move them into objects/; a missing declared output is an error. */
function collectOutputs(store: Store, s: PlannedStage, tmp: string, type: 'file' | 'tree'): Outputs {
  const out: Outputs = {};
  for (const name of s.def.outputs) {
    const p = join(tmp, name);
    if (!existsSync(p)) throw new ArtifactError(`stage '${s.name}' did not write its declared output '${name}'`, { hint: `the stage must write ${type === 'file' ? 'ctx.outputPath' : 'into ctx.outputDir'}('${name}')` });
    out[name] = type === 'file' ? { hash: store.putFile(p), type } : { hash: store.putTree(p), type };
  }
  return out;
}

const flat = (o: Outputs): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.hash]));

/** Bounded-concurrency map over items (the local worker pool's scheduler: no more than this). */
async function pool<T>(items: T[], n: number, f: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(n, items.length)) }, async () => {
    while (i < items.length) await f(items[i++]!);
  });
  await Promise.all(workers);
}

