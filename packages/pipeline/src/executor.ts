import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Lineage, Logger, VideoEntry, VideoStageContext } from '@wsstad/core';
import type { PlannedStage } from './types';

/** One video of one per-video stage, ready to run: inputs are verified store paths. */
export interface VideoJob {
  stage: PlannedStage;
  video: VideoEntry;
  datasetDir: string;
  inputs: Record<string, string>;
  /** Staging directory; output `name` goes to `<outDir>/<name>`. */
  outDir: string;
  seed: number;
  log: Logger;
  /** Provenance the stage writes into its artifacts. */
  lineage: Lineage;
}

export interface Executor {
  runVideo(job: VideoJob): Promise<void>;
  close(): void;
}

/**
 * The context a per-video stage runs with, staged outputs going to `outDir/<name>` unless
 * `outputPath` says otherwise: one builder for the inline executor, the process worker and
 * `wsstad infer` (which runs the stages outside a store).
 */
export function videoStageContext(
  j: Omit<VideoJob, 'stage' | 'outDir' | 'lineage'> & {
    params: unknown;
    outDir?: string;
    outputPath?: (name: string) => string;
    lineage?: Lineage;
    onProgress?: (done: number, total: number) => void;
  },
): VideoStageContext<unknown> {
  const outputPath = j.outputPath ?? ((name: string) => join(j.outDir!, name));
  return {
    params: j.params,
    video: j.video,
    datasetDir: j.datasetDir,
    inputs: j.inputs,
    outputPath,
    seed: j.seed,
    log: j.log,
    ...(j.lineage ? { lineage: j.lineage } : {}),
    ...(j.onProgress ? { onProgress: j.onProgress } : {}),
  };
}

/** Runs stage functions in this process; concurrency comes from the pool (good for async/native stages). */
export function inlineExecutor(): Executor {
  return {
    async runVideo(j) {
      await j.stage.def.run(videoStageContext({ ...j, params: j.stage.params }) as never);
    },
    close() {
      /* nothing held */
    },
  };
}

export interface ProcessExecutorOptions {
  /** Module the workers import to find stages: it must export `stages` (a registry) or `STAGES`. */
  registryModule: string;
  workers: number;
}

interface Pending {
  resolve(): void;
  reject(e: Error): void;
}

/**
 * Child-process pool for CPU-bound JS stages. Workers are started with `process.execPath` and
 * `--import tsx` so TypeScript sources load; each imports the registry module once and then runs
 * one video at a time. Keys and the store stay in the parent: a worker only writes into its
 * staging directory.
 */
export function processExecutor(opts: ProcessExecutorOptions): Executor {
  const idle: ChildProcess[] = [];
  const waiting: Array<(c: ChildProcess) => void> = [];
  const all: ChildProcess[] = [];
  const pending = new Map<ChildProcess, Pending>();
  const spawn = () => {
    const c = fork(join(__dirname, 'worker.ts'), [opts.registryModule], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    c.on('message', (m: { ok: boolean; error?: string; stack?: string }) => {
      const p = pending.get(c);
      pending.delete(c);
      release(c);
      if (!p) return;
      if (m.ok) p.resolve();
      else {
        const e = new Error(m.error);
        if (m.stack) e.stack = m.stack;
        p.reject(e);
      }
    });
    c.on('exit', (code) => {
      const p = pending.get(c);
      pending.delete(c);
      if (p) p.reject(new Error(`worker exited with code ${code} while running a video`));
      const i = all.indexOf(c);
      if (i >= 0) all.splice(i, 1);
    });
    all.push(c);
    return c;
  };
  const release = (c: ChildProcess) => {
    const w = waiting.shift();
    if (w) w(c);
    else idle.push(c);
  };
  const acquire = (): Promise<ChildProcess> => {
    const c = idle.pop();
    if (c) return Promise.resolve(c);
    if (all.length < opts.workers) return Promise.resolve(spawn());
    return new Promise((r) => waiting.push(r));
  };
  return {
    async runVideo(j) {
      mkdirSync(j.outDir, { recursive: true });
      const c = await acquire();
      await new Promise<void>((resolve, reject) => {
        pending.set(c, { resolve, reject });
        c.send({
          uses: j.stage.uses,
          params: j.stage.params,
          video: j.video,
          datasetDir: j.datasetDir,
          inputs: j.inputs,
          outDir: j.outDir,
          seed: j.seed,
          lineage: j.lineage,
        });
      });
    },
    close() {
      for (const c of [...all]) c.kill();
    },
  };
}
