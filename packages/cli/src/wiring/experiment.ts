import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, silentLogger, writeFileAtomic, type Logger } from '@wsstad/core';
import { VARIANTS } from '@wsstad/mgpr-trainer';
import { SYNTH_PRESETS } from '@wsstad/video';
import type { RowIntervals } from '@wsstad/evaluator';
import {
  bindPipeline,
  loadPipeline,
  runPipeline,
  stageOutputPath,
  stagesWithOutput,
  type Pipeline,
  type RunOptions,
} from '@wsstad/pipeline';
import { cellData, loadTestSplit, plainMilCell, type CellData, type TestSplit } from './experiment-data';
import { renderExperiment } from './experiment-report';
import { APP } from './app-wiring';

/**
 * The experiment runner: one pipeline, its training stage run for several variants x seeds, each
 * evaluated, combined into one table (mean and spread over seeds). Every run is an ordinary
 * pipeline run on the same store, so detection, linking and features are computed once and
 * reused by every variant; only train / infer / evaluate run per (variant, seed).
 */
export interface ExperimentOptions extends Pick<RunOptions, 'concurrency' | 'executor' | 'lockTimeoutMs' | 'store'> {
  /** Training variants (mgpr-trainer VARIANTS) and PLAIN_MIL; the first is the reference of the paired comparisons. */
  variants: string[];
  seeds: number[];
  /** Where the combined tables and per-run lock files go. */
  outDir: string;
  /**
   * At least this many test videos: a synthetic dataset with fewer is generated with this count
   * (same generator and scene statistics; the training split is unchanged, so its cached stages are
   * reused). 0 or undefined: the pipeline's own split. The protocol (docs/experiments) uses 512.
   */
  testVideos?: number;
  /** Bootstrap resamples of the intervals (default: the evaluate stage's). */
  bootstrap?: number;
  log?: Logger;
}

export interface MetricRow {
  method: string;
  kind: string;
  vauc: number | null;
  iouAt: Record<string, number | null>;
  miou: number | null;
  far: number | null;
  frameAuc: number | null;
  ci?: RowIntervals;
}

export interface ExperimentCell {
  variant: string;
  seed: number;
  rows: MetricRow[];
  report: string;
}
export interface ExperimentResult {
  cells: ExperimentCell[];
  markdown: string;
  json: unknown;
}

/**
 * The plain MIL baseline (evaluator's plainMilEvalVideos: max-pooling ranking loss, no attention) as an experiment row.
 */
export const PLAIN_MIL = 'plain-mil';

/** The pipeline with its synthetic test split raised to `n` videos (only the count changes). */
export function withTestVideos(base: Pipeline, n: number | undefined, store?: string): Pipeline {
  if (!n || base.spec.dataset.kind !== 'synth') return base;
  const spec = structuredClone(base.spec);
  const ds = spec.dataset as Extract<Pipeline['dataset'], { kind: 'synth' }>;
  const current = Number(
    ds.overrides.testVideos ?? (SYNTH_PRESETS as Record<string, { testVideos: number }>)[ds.preset]?.testVideos ?? 0,
  );
  if (current >= n) return base;
  ds.overrides = { ...ds.overrides, testVideos: n };
  spec.name = `${base.name}--test${n}`;
  spec.store = base.storeDir;
  return bindPipeline(spec, base.file, { registry: APP.registry, store: store ?? base.storeDir });
}

export async function runExperiment(ref: string, o: ExperimentOptions): Promise<ExperimentResult> {
  const log = o.log ?? silentLogger;
  const base = withTestVideos(loadPipeline(ref, { registry: APP.registry, store: o.store }), o.testVideos, o.store);
  const trainIdx = base.spec.stages.findIndex((s) => s.uses === 'train');
  if (trainIdx < 0) throw new ConfigError(`pipeline '${base.name}' has no stage using 'train'`, { file: base.file });
  const reportStage = stagesWithOutput(base, 'report')[0];
  if (!reportStage)
    throw new ConfigError(`pipeline '${base.name}' has no stage writing a 'report'`, {
      file: base.file,
      hint: 'add an evaluate stage',
    });
  for (const v of o.variants)
    if (!VARIANTS[v] && v !== PLAIN_MIL)
      throw new ConfigError(`unknown variant '${v}'; valid: ${[...Object.keys(VARIANTS), PLAIN_MIL].join(', ')}`);
  const trained = o.variants.filter((v) => v !== PLAIN_MIL);
  if (trained.length === 0)
    throw new ConfigError(
      `the experiment needs a trained variant besides '${PLAIN_MIL}' (its runs produce the cached artifacts)`,
      { hint: 'e.g. --variants mgpr,plain-mil' },
    );
  const cells: ExperimentCell[] = [];
  const data = new Map<string, CellData[]>();
  let split: TestSplit | undefined;
  const write = () => writeResults(o.outDir, combine(cells, data, o, base, split));
  // The first trained run produces the shared artifacts the plain MIL baseline reads, so it comes first;
  // then the (cheap) plain MIL seeds, then the remaining runs variant by variant.
  const jobs = o.variants.flatMap((variant) => o.seeds.map((seed) => ({ variant, seed })));
  const firstJob = jobs.findIndex((j) => j.variant === trained[0]);
  const ordered = [
    jobs[firstJob]!,
    ...jobs.filter((j) => j.variant === PLAIN_MIL),
    ...jobs.filter((j, i) => i !== firstJob && j.variant !== PLAIN_MIL),
  ];
  for (const { variant, seed } of ordered) {
    if (variant === PLAIN_MIL) {
      log.info(`experiment: ${variant} seed ${seed}`);
      const first = variantPipeline(base, trainIdx, trained[0]!, o.seeds[0]!, o);
      const r = await plainMilCell(first, split!, seed, log.child(`${variant}/s${seed}`));
      cells.push({ variant, seed, rows: [{ ...r.row, kind: 'method' }], report: '' });
      data.set(variant, [...(data.get(variant) ?? []), r.data]);
      write();
      continue;
    }
    const p = variantPipeline(base, trainIdx, variant, seed, o);
    log.info(`experiment: ${variant} seed ${seed}`);
    const r = await runPipeline(p, {
      ...APP,
      log: log.child(`${variant}/s${seed}`),
      concurrency: o.concurrency,
      executor: o.executor,
      lockTimeoutMs: o.lockTimeoutMs,
    });
    if (!r.ok)
      throw new ConfigError(
        `experiment run ${variant}/seed ${seed} failed: ${r.failures.map((f) => f.message).join('; ')}`,
      );
    const report = stageOutputPath(p, reportStage, 'report');
    const metrics = JSON.parse(readFileSync(join(report, 'metrics.json'), 'utf8')) as { rows: MetricRow[] };
    split ??= await loadTestSplit(p, log);
    if (o.bootstrap !== undefined) split.evalCfg = { ...split.evalCfg, bootstrap: o.bootstrap };
    cells.push({ variant, seed, rows: metrics.rows, report });
    data.set(variant, [...(data.get(variant) ?? []), cellData(p, split, report)]);
    // Rewritten after every cell, so an interrupted experiment keeps what finished.
    write();
  }
  const { markdown, json } = combine(cells, data, o, base, split);
  writeResults(o.outDir, { markdown, json });
  return { cells, markdown, json };
}

function writeResults(dir: string, r: { markdown: string; json: unknown }): void {
  writeFileAtomic(join(dir, 'results.md'), r.markdown);
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify(r.json, null, 2) + '\n');
}

/** The base pipeline with the train stage's variant and seed set; its own name and lock file so runs never clash. */
function variantPipeline(
  base: Pipeline,
  trainIdx: number,
  variant: string,
  seed: number,
  o: ExperimentOptions,
): Pipeline {
  const spec = structuredClone(base.spec);
  const st = spec.stages[trainIdx]!;
  // A training seed equal to the pipeline's is its default (seed: null): leaving it out keeps the params, so the
  // pipeline's own trained run is reused as that seed's cell instead of being trained again.
  const sameSeed = seed === base.seed && (st.params?.seed === undefined || st.params.seed === null);
  st.params = { ...(st.params ?? {}), variant, ...(sameSeed ? {} : { seed }) };
  spec.name = `${base.name}--${variant}--s${seed}`;
  spec.store = base.storeDir;
  const p = bindPipeline(spec, base.file, { registry: APP.registry, store: o.store ?? base.storeDir });
  return { ...p, lockFile: resolve(o.outDir, 'locks', `${spec.name}.lock.json`) };
}

function combine(
  cells: ExperimentCell[],
  data: ReadonlyMap<string, CellData[]>,
  o: ExperimentOptions,
  base: Pipeline,
  split: TestSplit | undefined,
): { markdown: string; json: unknown } {
  return renderExperiment({
    cells,
    data,
    variants: o.variants,
    seeds: o.seeds,
    pipeline: base.name,
    outDir: o.outDir,
    split,
    testVideos: o.testVideos,
    docs: variantDocs(o.variants),
  });
}

function variantDocs(variants: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    variants.map((v) => [
      v,
      v === PLAIN_MIL
        ? 'plain MIL baseline: linear scorer on region features, max-pooling ranking loss + BCE on the ' +
          "bag max, no attention, video labels only (the ladder's rung), same bags and candidates"
        : VARIANTS[v]!.doc,
    ]),
  );
}
