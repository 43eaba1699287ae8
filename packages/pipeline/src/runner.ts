import { preflight } from './preflight';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArtifactError,
  canonicalJson,
  ConfigError,
  createProgress,
  silentLogger,
  StageFailedError,
  type Logger,
} from '@wsstad/core';
import { loadPipeline, selectStages, type LoadOptions } from './load';
import { resolveDataset } from './dataset';
import { warnEmptySplits } from './splits';
import { createPlanner, type Planner, type VideoPlan } from './plan';
import { inlineExecutor, processExecutor, type Executor } from './executor';
import { openStore, type Store } from './store/store';
import { acquireLock, acquireRunPresence } from './store/lock';
import { updateLockFile } from './lockfile';
import { DEFAULT_RUN_OPTIONS } from './defaults';
import type {
  CodeVersionFn,
  Dataset,
  DatasetProvider,
  KeyRecord,
  ManifestEntry,
  Pipeline,
  PlannedStage,
  StageManifest,
  StoredOutput,
} from './types';

export interface ShardSpec {
  index: number;
  count: number;
}

export interface RunOptions extends LoadOptions {
  only?: string[];
  from?: string;
  until?: string;
  /** Recompute these stages for every video even when keys hit. */
  force?: string[];
  keepGoing?: boolean;
  concurrency?: number;
  executor?: 'inline' | 'process';
  /** For the process executor: module exporting `stages` (the registry), imported by each worker. */
  registryModule?: string;
  shard?: ShardSpec;
  lockTimeoutMs?: number;
  hashVideoFiles?: boolean;
  log?: Logger;
  /** Code version of a stage (default: hash of its package's production sources). */
  codeVersion?: CodeVersionFn;
  /** Dataset kind -> provider returning a manifest path (the app's, e.g. { synth: synthDataset }); none by default. */
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
  /** Keys, inputs and staleness of each stage (the engine's plan, shared with status). */
  planner: Planner;
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
export async function runPipeline(pipeline: Pipeline | string, opts: RunOptions): Promise<RunReport> {
  const p = typeof pipeline === 'string' ? loadPipeline(pipeline, opts) : pipeline;
  const log = opts.log ?? silentLogger;
  const shard = opts.shard;
  if (
    shard &&
    !(
      Number.isInteger(shard.count) &&
      shard.count >= 1 &&
      Number.isInteger(shard.index) &&
      shard.index >= 0 &&
      shard.index < shard.count
    )
  ) {
    throw new ConfigError(`invalid shard ${shard.index}/${shard.count}; allowed: i/N with 0 <= i < N`, {
      hint: '--shard 0/4',
    });
  }
  const selected = selectStages(p, opts);
  for (const f of opts.force ?? [])
    if (!p.stages.some((s) => s.name === f))
      throw new ConfigError(`--force '${f}': no such stage; valid: ${p.stages.map((s) => s.name).join(', ')}`, {
        file: p.file,
      });
  const lockName = `pipeline-${p.name}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`;
  const lock = await acquireLock(p.storeDir, lockName, `wsstad run ${p.name}`, {
    timeoutMs: opts.lockTimeoutMs ?? DEFAULT_RUN_OPTIONS.lockTimeoutMs,
    log,
  });
  let presence: { release(): void } | undefined;
  const ctx: Partial<RunCtx> = {};
  try {
    presence = await acquireRunPresence(p.storeDir, `wsstad run ${p.name}`, {
      timeoutMs: opts.lockTimeoutMs ?? 0,
      log,
    });
    const store = openStore(p.storeDir, { log });
    const dataset = await resolveDataset(p, opts.datasets ?? {}, log);
    preflight(p, selected, dataset);
    warnEmptySplits(p.name, selected, dataset, log);
    const { codeVersion, root, hashVideoFiles } = opts;
    const planner = createPlanner(p, store, dataset, { codeVersion, root, hashVideoFiles, shard });
    Object.assign(ctx, { p, store, dataset, results: new Map(), planner, log, opts });
    const c = ctx as RunCtx;
    const report: RunReport = { pipeline: p.name, ok: true, stages: [], failures: [] };
    for (const s of selected) {
      if (shard && s.def.scope === 'dataset') {
        log.info(
          `${s.name}: dataset-level stage skipped in shard ${shard.index}/${shard.count}; run it after ` +
            `'wsstad run ${p.name} --merge-shards'`,
        );
        continue;
      }
      const r = await runStage(c, s);
      report.stages.push(r);
      for (const f of r.failed) report.failures.push(f.error);
      if (r.failed.length && !opts.keepGoing) {
        report.ok = false;
        throw r.failed[0]!.error;
      }
    }
    report.ok = report.failures.length === 0;
    if (!shard)
      updateLockFile(
        p,
        dataset,
        store,
        report.stages.filter((r) => r.failed.length === 0).map((r) => r.stage),
        planner.code,
      );
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
  if (!m)
    throw new ConfigError(`stage '${stage}' has no manifest in ${c.store.dir}: run it first`, {
      file: c.p.file,
      hint: `wsstad run ${c.p.name} --until ${stage}`,
    });
  const out = new Map<string, Outputs>();
  for (const [id, e] of Object.entries(m.videos)) {
    const rec = c.store.readKey(s.uses, e.key);
    if (!rec) continue;
    if ((rec.videoId ?? '*') !== id || canonicalJson(flat(rec.outputs)) !== canonicalJson(e.outputs ?? {})) {
      c.log.warn(
        `${stage}: key file ${c.store.keyPath(s.uses, e.key)} belongs ` +
          `to ${rec.videoId ? `video '${rec.videoId}'` : 'another entry'}, not '${id}' ` +
          `of ${c.store.manifestPath(c.p.name, stage)}; treating '${id}' as not computed (rerun with ` +
          `--from ${stage})`,
      );
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
    if (kind === 'process' && !c.opts.registryModule) {
      throw new ConfigError(
        "the process executor needs registryModule: a module exporting the stage registry as 'stages'",
        {
          hint: "the app passes its own (the CLI's APP.registryModule); or use executor: 'inline'",
        },
      );
    }
    c.executor =
      kind === 'process'
        ? processExecutor({
            registryModule: c.opts.registryModule!,
            workers: c.opts.concurrency ?? DEFAULT_RUN_OPTIONS.concurrency,
          })
        : inlineExecutor();
  }
  return c.executor;
}

/** Verified store paths of a planned video's inputs (trees materialised); a corrupt input is an error. */
function inputPaths(
  c: RunCtx,
  s: PlannedStage,
  vp: Pick<VideoPlan, 'sources'>,
  id?: string,
  fail?: (e: Error) => Error,
): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, o] of Object.entries(vp.sources)) {
    const b = s.inputs.find((x) => x.name === name)!;
    if (!c.store.verifyOutput(o)) {
      const which = `${b.fromStage}.${b.fromArtifact}${id && b.scope === 'video' ? ` of video '${id}'` : ''}`;
      const hint = `rerun with --from ${b.fromStage} to recompute it`;
      const e = new ArtifactError(`input ${which} failed verification (hash mismatch)`, {
        file: c.store.objectPath(o.hash),
        hint,
      });
      throw fail ? fail(e) : e;
    }
    paths[name] = o.type === 'tree' ? c.store.materializeTree(o.hash) : c.store.objectPath(o.hash);
  }
  return paths;
}

/**
 * A cached entry is reused only if its key file is sealed, was written for this video and these
 * inputs, code, params and seed (key-to-content binding), names every declared output, and every
 * object re-hashes to its name.
 */
function hit(
  c: RunCtx,
  s: PlannedStage,
  vp: VideoPlan,
  videoId: string | undefined,
  code: string,
  prev?: ManifestEntry,
): KeyRecord | undefined {
  if (c.opts.force?.includes(s.name)) return undefined;
  const { key, inputs, cached: rec } = vp as Required<Pick<VideoPlan, 'key' | 'inputs'>> & VideoPlan;
  if (!rec) return undefined;
  if (rec.seal === undefined) {
    // Written before key seals: trusted only where this stage's last manifest (fsynced) names the
    // same key and outputs, then sealed in place, so upgrading does not recompute a whole store.
    if (prev?.key !== key || canonicalJson(prev.outputs) !== canonicalJson(flat(rec.outputs))) return undefined;
    c.store.writeKey(rec);
  }
  const l = rec.lineage;
  if (
    rec.videoId !== videoId ||
    l.codeVersion !== code ||
    l.paramsHash !== s.paramsHash ||
    l.seed !== c.p.seed ||
    canonicalJson(l.inputs) !== canonicalJson(inputs)
  ) {
    c.log.warn(
      `${s.name}: key file ${c.store.keyPath(s.uses, key)} was written ` +
        `for ${rec.videoId ? `video '${rec.videoId}'` : 'other'} inputs, ` +
        `not ${videoId ? `video '${videoId}'` : 'this dataset'}; ignoring it and recomputing`,
    );
    return undefined;
  }
  for (const o of s.def.outputs) {
    const out = rec.outputs[o];
    if (!out || !c.store.verifyOutput(out)) {
      c.log.warn(
        `${s.name}: stored ${o} of ` +
          `key ${key.slice(0, 12)}${rec.videoId ? ` (video ${rec.videoId})` : ''} failed ` +
          `verification; recomputing`,
      );
      return undefined;
    }
  }
  return rec;
}

async function runStage(c: RunCtx, s: PlannedStage): Promise<StageRunReport> {
  const t0 = Date.now();
  const sp = c.planner.stage(s, (name) => upstream(c, name));
  const code = sp.code.hash;
  const r: StageRunReport = {
    stage: s.name,
    scope: s.def.scope,
    computed: [],
    reused: 0,
    skipped: [],
    failed: [],
    ms: 0,
  };
  const results = new Map<string, Outputs>();
  const entries: Record<string, ManifestEntry> = {};
  const previous = sp.previous?.videos ?? {};
  const failedMsgs: Record<string, string> = {};
  const log = c.log.child(s.name);
  for (const x of sp.skipped) {
    r.skipped.push(x.id);
    log.debug(`skip ${x.id}: no ${x.missing}`);
  }
  if (s.def.scope === 'dataset') {
    await runDatasetStage(c, s, sp.videos[0]!, code, r, results, entries, log, previous['*']);
  } else {
    const todo: Array<{ vp: VideoPlan; paths: Record<string, string> }> = [];
    for (const vp of sp.videos) {
      const paths = inputPaths(c, s, vp, vp.id);
      const rec = hit(c, s, vp, vp.id, code, previous[vp.id]);
      if (rec) {
        results.set(vp.id, rec.outputs);
        entries[vp.id] = { key: vp.key!, inputs: vp.inputs, outputs: flat(rec.outputs) };
        r.reused++;
        continue;
      }
      todo.push({ vp, paths });
    }
    if (todo.length) {
      const progress = createProgress({
        total: todo.length,
        label: `${s.name}`,
        logger: log,
        tty: c.opts.progressTty ?? false,
      });
      const exec = executorFor(c);
      const videos = new Map(c.dataset.videos.map((v) => [v.id, v]));
      let stop = false;
      await pool(todo, c.opts.concurrency ?? DEFAULT_RUN_OPTIONS.concurrency, async ({ vp, paths }) => {
        if (stop) return;
        const tmp = c.store.tempDir(s.name);
        const key = vp.key!;
        try {
          await exec.runVideo({
            stage: s,
            video: videos.get(vp.id)!,
            datasetDir: c.dataset.dir,
            inputs: paths,
            outDir: tmp,
            seed: c.p.seed,
            log,
            lineage: { stage: s.uses, codeVersion: code, paramsHash: s.paramsHash, inputs: vp.inputs, videoId: vp.id },
          });
          const outputs = collectOutputs(c.store, s, tmp, 'file');
          c.store.writeKey({
            key,
            stage: s.uses,
            videoId: vp.id,
            outputs,
            lineage: { codeVersion: code, paramsHash: s.paramsHash, inputs: vp.inputs, seed: c.p.seed },
          });
          results.set(vp.id, outputs);
          entries[vp.id] = { key, inputs: vp.inputs, outputs: flat(outputs) };
          r.computed.push(vp.id);
        } catch (e) {
          const err = new StageFailedError(s.name, vp.id, e);
          r.failed.push({ videoId: vp.id, error: err });
          failedMsgs[vp.id] = err.message;
          log.error(err.message);
          if (!c.opts.keepGoing) stop = true;
        } finally {
          rmSync(tmp, { recursive: true, force: true });
          progress.tick(1, vp.id);
        }
      });
      progress.done(`${r.computed.length} computed, ${r.reused} reused, ${r.failed.length} failed`);
    } else {
      log.info(`up to date (${r.reused} videos reused)`);
    }
  }
  c.results.set(s.name, results);
  if (r.failed.length === 0 || c.opts.keepGoing) {
    const m: StageManifest = {
      pipeline: c.p.name,
      stage: s.name,
      uses: s.uses,
      scope: s.def.scope,
      codeVersion: code,
      paramsHash: s.paramsHash,
      videos: entries,
      failed: failedMsgs,
      ...(c.opts.shard ? { shard: c.opts.shard } : {}),
    };
    r.manifest = c.store.writeManifest(m);
  }
  r.ms = Date.now() - t0;
  return r;
}

async function runDatasetStage(
  c: RunCtx,
  s: PlannedStage,
  vp: VideoPlan,
  code: string,
  r: StageRunReport,
  results: Map<string, Outputs>,
  entries: Record<string, ManifestEntry>,
  log: Logger,
  prev?: ManifestEntry,
): Promise<void> {
  if (!vp.key) throw new StageFailedError(s.name, undefined, new Error(`missing dataset input ${vp.waitingFor}`));
  const dsPaths = inputPaths(c, s, vp, undefined, (e) => new StageFailedError(s.name, undefined, e));
  const perVideo = vp.members!.map((m) => ({
    v: m.video,
    paths: inputPaths(c, s, m, undefined, (e) => new StageFailedError(s.name, m.video.id, e)),
  }));
  const key = vp.key;
  const rec = hit(c, s, vp, undefined, code, prev);
  if (rec) {
    results.set('*', rec.outputs);
    entries['*'] = { key, inputs: vp.inputs, outputs: flat(rec.outputs) };
    r.reused = 1;
    log.info(`up to date (key ${key.slice(0, 12)})`);
    return;
  }
  const tmp = c.store.tempDir(s.name);
  try {
    log.info(`computing over ${perVideo.length} videos`);
    await s.def.run({
      params: s.params,
      datasetDir: c.dataset.dir,
      inputs: dsPaths,
      seed: c.p.seed,
      log,
      lineage: { stage: s.uses, codeVersion: code, paramsHash: s.paramsHash, inputs: vp.inputs },
      videos: perVideo.map((x) => ({ video: x.v, inputs: x.paths })),
      outputDir: (name: string) => {
        const d = join(tmp, name);
        mkdirSync(d, { recursive: true });
        return d;
      },
    } as never);
    const outputs = collectOutputs(c.store, s, tmp, 'tree');
    c.store.writeKey({
      key,
      stage: s.uses,
      outputs,
      lineage: { codeVersion: code, paramsHash: s.paramsHash, inputs: vp.inputs, seed: c.p.seed },
    });
    results.set('*', outputs);
    entries['*'] = { key, inputs: vp.inputs, outputs: flat(outputs) };
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
    if (!existsSync(p))
      throw new ArtifactError(`stage '${s.name}' did not write its declared output '${name}'`, {
        hint: `the stage must write ${type === 'file' ? 'ctx.outputPath' : 'into ctx.outputDir'}('${name}')`,
      });
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
