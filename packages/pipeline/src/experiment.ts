import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ConfigError, silentLogger, writeFileAtomic, type Logger } from '@wsstad/core';
import { VARIANTS } from '@wsstad/mgpr-trainer';
import { bindPipeline, loadPipeline } from './load';
import { runPipeline, type RunOptions } from './runner';
import { stageOutputPath, stagesWithOutput } from './outputs';
import type { Pipeline } from './types';

/**
 * The experiment runner: one pipeline, its training stage run for several variants x seeds, each
 * evaluated, combined into one table (mean and spread over seeds). Every run is an ordinary
 * pipeline run on the same store, so detection, linking and features are computed once and
 * reused by every variant; only train / infer / evaluate run per (variant, seed).
 */
export interface ExperimentOptions extends Pick<RunOptions, 'concurrency' | 'executor' | 'lockTimeoutMs' | 'store'> {
  variants: string[];
  seeds: number[];
  /** Where the combined tables and per-run lock files go. */
  outDir: string;
  log?: Logger;
}

export interface MetricRow {
  method: string;
  kind: string;
  vauc: number | null;
  iouAt: Record<string, number>;
  miou: number | null;
  far: number | null;
  frameAuc: number | null;
}

export interface ExperimentCell { variant: string; seed: number; rows: MetricRow[]; report: string }
export interface ExperimentResult { cells: ExperimentCell[]; markdown: string; json: unknown }

export async function runExperiment(ref: string, o: ExperimentOptions): Promise<ExperimentResult> {
  const log = o.log ?? silentLogger;
  const base = loadPipeline(ref, { store: o.store });
  const trainIdx = base.spec.stages.findIndex((s) => s.uses === 'train');
  if (trainIdx < 0) throw new ConfigError(`pipeline '${base.name}' has no stage using 'train'`, { file: base.file });
  const reportStage = stagesWithOutput(base, 'report')[0];
  if (!reportStage) throw new ConfigError(`pipeline '${base.name}' has no stage writing a 'report'`, { file: base.file, hint: 'add an evaluate stage' });
  for (const v of o.variants) if (!VARIANTS[v]) throw new ConfigError(`unknown variant '${v}'; valid: ${Object.keys(VARIANTS).join(', ')}`);
  const cells: ExperimentCell[] = [];
  for (const variant of o.variants) {
    for (const seed of o.seeds) {
      const p = variantPipeline(base, trainIdx, variant, seed, o);
      log.info(`experiment: ${variant} seed ${seed}`);
      const r = await runPipeline(p, { log: log.child(`${variant}/s${seed}`), concurrency: o.concurrency, executor: o.executor, lockTimeoutMs: o.lockTimeoutMs });
      if (!r.ok) throw new ConfigError(`experiment run ${variant}/seed ${seed} failed: ${r.failures.map((f) => f.message).join('; ')}`);
      const report = stageOutputPath(p, reportStage, 'report');
      const metrics = JSON.parse(readFileSync(join(report, 'metrics.json'), 'utf8')) as { rows: MetricRow[] };
      cells.push({ variant, seed, rows: metrics.rows, report });
      // Rewritten after every cell, so an interrupted experiment keeps what finished.
      writeResults(o.outDir, combine(cells, o.variants, o.seeds, base, o.outDir));
    }
  }
  const { markdown, json } = combine(cells, o.variants, o.seeds, base, o.outDir);
  writeResults(o.outDir, { markdown, json });
  return { cells, markdown, json };
}

function writeResults(dir: string, r: { markdown: string; json: unknown }): void {
  writeFileAtomic(join(dir, 'results.md'), r.markdown);
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify(r.json, null, 2) + '\n');
}

/** The base pipeline with the train stage's variant and seed set; its own name and lock file so runs never clash. */
function variantPipeline(base: Pipeline, trainIdx: number, variant: string, seed: number, o: ExperimentOptions): Pipeline {
  const spec = structuredClone(base.spec);
  const st = spec.stages[trainIdx]!;
  st.params = { ...(st.params ?? {}), variant, seed };
  spec.name = `${base.name}--${variant}--s${seed}`;
  spec.store = base.storeDir;
  const p = bindPipeline(spec, base.file, { store: o.store ?? base.storeDir });
  return { ...p, lockFile: resolve(o.outDir, 'locks', `${spec.name}.lock.json`) };
}

interface Agg { mean: number | null; sd: number | null; n: number }
function agg(xs: Array<number | null | undefined>): Agg {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return { mean: null, sd: null, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, n: v.length };
}
const fmt = (a: Agg) => (a.mean === null ? '—' : `${(a.mean * 100).toFixed(2)} ± ${((a.sd ?? 0) * 100).toFixed(2)}`);

function combine(cells: ExperimentCell[], variants: string[], seeds: number[], base: Pipeline, outDir: string): { markdown: string; json: unknown } {
  const eps = [...new Set(cells.flatMap((c) => c.rows.flatMap((r) => Object.keys(r.iouAt ?? {}))))].sort();
  const lines: Array<{ name: string; doc: string; rows: MetricRow[] }> = [];
  for (const v of variants) lines.push({ name: v, doc: VARIANTS[v]!.doc, rows: cells.filter((c) => c.variant === v).map((c) => c.rows.find((r) => r.kind === 'method')!).filter(Boolean) });
  for (const b of ['Random', 'Upper Bound']) lines.push({ name: b, doc: 'evaluator baseline', rows: cells.filter((c) => c.variant === variants[0]).map((c) => c.rows.find((r) => r.method === b)!).filter(Boolean) });
  const header = ['Method', 'VAUC', ...eps.map((e) => `IoU@${e}`), 'MIoU', 'FAR@0.2', 'Frame AUC'];
  const out = [
    `# Experiment: ${base.name}`,
    '',
    `Mean ± sample standard deviation over seeds ${seeds.join(', ')} (training seed; detection, tubes and features shared), in %.`,
    `Regenerate: \`npx wsstad experiment ${base.name} --variants ${variants.join(',')} --seeds ${seeds.join(',')} --out ${relative(process.cwd(), outDir) || '.'}\``,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`,
  ];
  const json: Record<string, unknown> = { pipeline: base.name, seeds, variants, rows: {} };
  for (const l of lines) {
    const cols = { vauc: agg(l.rows.map((r) => r.vauc)), ...Object.fromEntries(eps.map((e) => [`iou@${e}`, agg(l.rows.map((r) => r.iouAt?.[e]))])), miou: agg(l.rows.map((r) => r.miou)), far: agg(l.rows.map((r) => r.far)), frameAuc: agg(l.rows.map((r) => r.frameAuc)) };
    (json.rows as Record<string, unknown>)[l.name] = { doc: l.doc, ...cols, perSeed: l.rows };
    out.push(`| ${l.name} | ${Object.values(cols).map(fmt).join(' | ')} |`);
  }
  out.push('', ...lines.map((l) => `- **${l.name}**: ${l.doc}`));
  return { markdown: out.join('\n') + '\n', json };
}
