import { relative } from 'node:path';
import {
  INTERVAL_METRICS,
  formatDifference,
  formatInterval,
  pairedRows,
  rowIntervals,
  rowStats,
  seedVideoBootstrapCi,
  videoType,
  weightedAuc,
  weightedMean,
  type Interval,
  type IntervalMetric,
  type PairedComparison,
  type RowIntervals,
  type RowStats,
} from '@wsstad/evaluator';
import type { ExperimentCell, MetricRow } from './experiment';
import type { CellData, TestSplit } from './experiment-data';

const LABEL: Record<IntervalMetric, string> = { vauc: 'VAUC', miou: 'MIoU', frameAuc: 'Frame AUC', far: 'FAR' };

export interface ExperimentTables {
  cells: ExperimentCell[];
  data: ReadonlyMap<string, CellData[]>;
  variants: string[];
  seeds: number[];
  pipeline: string;
  outDir: string;
  split: TestSplit | undefined;
  testVideos?: number;
  docs: Record<string, string>;
}

// Interval computations are the expensive part of a rewrite after every cell: memoised per data array state.
const statsOf = new WeakMap<CellData, RowStats>();
const memo = new Map<string, unknown>();
function cached<T>(key: string, f: () => T): T {
  if (!memo.has(key)) memo.set(key, f());
  return memo.get(key) as T;
}
const stats = (d: CellData): RowStats => {
  let s = statsOf.get(d);
  if (!s) statsOf.set(d, (s = rowStats(d)));
  return s;
};

interface TypeRow {
  type: string;
  kind: 'anomaly' | 'normal';
  videos: number;
  vauc: Interval | null;
  miou: Interval | null;
}

/** Per-type rows of one variant over its seeds (two-level bootstrap: seeds and the type's videos). */
function perType(split: TestSplit, runs: readonly CellData[], seed: string): TypeRow[] {
  const v = split.videos;
  const keys = [...new Set(v.map((x) => `${x.abnormal ? 'a' : 'n'}:${videoType(x)}`))].sort();
  const normals = v.flatMap((x, i) => (x.abnormal ? [] : [i]));
  const abn = v.flatMap((x, i) => (x.abnormal ? [i] : []));
  const o = { resamples: split.evalCfg.bootstrap || 1000, level: split.evalCfg.ciLevel };
  return keys.map((key) => {
    const idx = v.flatMap((x, i) => (`${x.abnormal ? 'a' : 'n'}:${videoType(x)}` === key ? [i] : []));
    const anomaly = key.startsWith('a:');
    const subset = anomaly ? [...idx, ...normals] : [...abn, ...idx];
    const strata = subset.map((i) => (v[i]!.abnormal ? 1 : 0));
    const vauc = runs.map((d) =>
      weightedAuc(subset.map((i) => ({ scores: [d.score[i]!], labels: [d.abnormal[i] ? 1 : 0] }))),
    );
    const miou = runs.map((d) => weightedMean(idx.map((i) => d.sloc[i] ?? null)));
    return {
      type: key.slice(2),
      kind: anomaly ? 'anomaly' : 'normal',
      videos: idx.length,
      vauc: seedVideoBootstrapCi(vauc, subset.length, { ...o, strata, seed: `${seed}/type/${key}` }),
      miou: anomaly ? seedVideoBootstrapCi(miou, idx.length, { ...o, seed: `${seed}/type-miou/${key}` }) : null,
    };
  });
}

/**
 * The experiment's tables: every variant with 95% intervals over test videos and training seeds,
 * Random and Upper Bound (from the evaluation of the first run: they do not depend on training),
 * paired differences of every variant against the first (the reference), per-type rows of the reference.
 */
export function renderExperiment(t: ExperimentTables): { markdown: string; json: unknown } {
  const eps = [...new Set(t.cells.flatMap((c) => c.rows.flatMap((r) => Object.keys(r.iouAt ?? {}))))].sort();
  const split = t.split;
  const n = split?.videos.length ?? 0;
  const opts = split
    ? {
        resamples: split.evalCfg.bootstrap || 1000,
        level: split.evalCfg.ciLevel,
        strata: split.videos.map((v) => (v.abnormal ? 1 : 0)),
      }
    : undefined;
  const lines: Array<{
    name: string;
    doc: string;
    point: Record<string, number | null>;
    ci: RowIntervals;
    runs: number;
    perSeed: MetricRow[];
  }> = [];
  for (const v of t.variants) {
    const runs = t.data.get(v) ?? [];
    if (!runs.length) continue;
    const rows = t.cells
      .filter((c) => c.variant === v)
      .map((c) => c.rows.find((r) => r.kind === 'method')!)
      .filter(Boolean);
    const ci = opts
      ? cached(`ci/${v}/${runs.length}`, () => rowIntervals(runs.map(stats), n, { ...opts, seed: `experiment/${v}` }))
      : {};
    const point = {
      ...Object.fromEntries(INTERVAL_METRICS.map((m) => [m, mean(rows.map((r) => r[m]))])),
      ...Object.fromEntries(eps.map((e) => [`iou@${e}`, mean(rows.map((r) => r.iouAt?.[e]))])),
    };
    lines.push({ name: v, doc: t.docs[v] ?? '', point, ci, runs: runs.length, perSeed: rows });
  }
  const first = t.cells.find((c) => c.report)?.rows ?? [];
  for (const b of ['Random', 'Upper Bound']) {
    const r = first.find((x) => x.method === b);
    if (!r) continue;
    const point = {
      ...Object.fromEntries(INTERVAL_METRICS.map((m) => [m, r[m] ?? null])),
      ...Object.fromEntries(eps.map((e) => [`iou@${e}`, r.iouAt?.[e] ?? null])),
    };
    lines.push({
      name: b,
      doc:
        b === 'Random'
          ? 'evaluator baseline: uniformly random candidate and score, mean over its seeds'
          : 'evaluator baseline: the scored candidate with the largest Sloc (same M and tube cap as ' +
            'inference); VAUC not a measurement',
      point,
      ci: r.ci ?? {},
      runs: 1,
      perSeed: [r],
    });
  }
  const ref = t.variants.find((v) => t.data.get(v)?.length);
  const paired: PairedComparison[] = [];
  if (opts && ref) {
    for (const v of t.variants) {
      const runs = t.data.get(v) ?? [];
      if (v === ref || !runs.length) continue;
      const refRuns = t.data.get(ref)!;
      paired.push(
        ...cached(`paired/${ref}/${refRuns.length}/${v}/${runs.length}`, () =>
          pairedRows({ name: ref, seeds: refRuns.map(stats) }, { name: v, seeds: runs.map(stats) }, n, {
            ...opts,
            seed: `experiment/${ref}-${v}`,
          }),
        ),
      );
    }
  }
  const types =
    split && ref
      ? cached(`types/${ref}/${t.data.get(ref)!.length}`, () => perType(split, t.data.get(ref)!, 'experiment'))
      : [];

  const cell = (l: (typeof lines)[number], m: IntervalMetric) =>
    l.ci[m] ? formatInterval(l.ci[m]) : formatInterval(null, l.point[m] ?? null);
  const header = ['Method', 'Runs', 'VAUC', 'MIoU', 'Frame AUC', 'FAR@0.2', ...eps.map((e) => `IoU@${e}`)];
  const nAb = split?.videos.filter((v) => v.abnormal).length ?? 0;
  const cmd =
    `npx wsstad experiment ${t.pipeline.replace(/--test\d+$/, '')} --variants ${t.variants.join(',')} ` +
    `--seeds ${t.seeds.join(',')}${t.testVideos ? ` --test-videos ${t.testVideos}` : ''} ` +
    `--out ${relative(process.cwd(), t.outDir) || '.'}`;
  const out = [
    `# Experiment: ${t.pipeline}`,
    '',
    `${n} test videos (${nAb} abnormal), generated once and shared by every run; training ` +
      `seeds ${t.seeds.join(', ')} (detection, tubes and features shared). ` +
      `Values in %: the mean over the finished seeds with a ${Math.round((opts?.level ?? 0.95) * 100)}% ` +
      `interval from a two-level bootstrap (seeds drawn with replacement, ` +
      ('and the test videos drawn with replacement within each label; see packages/evaluator/README.md). ' +
        'IoU@eps: means over seeds.'),
    `Regenerate: \`${cmd}\``,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i ? '---:' : '---')).join(' | ')} |`,
    ...lines.map(
      (l) =>
        `| ${l.name} | ${l.runs} | ${cell(l, 'vauc')} | ${cell(l, 'miou')} | ${cell(l, 'frameAuc')} ` +
        `| ${cell(l, 'far')} ` +
        `| ${eps.map((e) => formatInterval(null, l.point[`iou@${e}`] ?? null)).join(' | ')} |`,
    ),
  ];
  if (paired.length) {
    out.push(
      '',
      `## Paired differences: ${ref} minus each row`,
      '',
      "Points; same test videos for both rows, seeds of each drawn independently. '>' / '<': the " +
        "interval excludes 0 (the ordering holds); '≈': not resolved.",
      '',
    );
    out.push(
      `| Row | ${INTERVAL_METRICS.map((m) => `Δ ${LABEL[m]}`).join(' | ')} |`,
      `| --- | ${INTERVAL_METRICS.map(() => '---:').join(' | ')} |`,
    );
    for (const b of [...new Set(paired.map((p) => p.b))]) {
      out.push(
        `| ${b} | ${INTERVAL_METRICS.map((m) => {
          const d = paired.find((p) => p.b === b && p.metric === m);
          return d ? `${formatDifference(d)} ${d.sign > 0 ? '>' : d.sign < 0 ? '<' : '≈'}` : '—';
        }).join(' | ')} |`,
      );
    }
  }
  if (types.length) {
    out.push(
      '',
      `## Per type: ${ref}`,
      '',
      'Anomaly types: VAUC of the type against all normal videos, MIoU over the type. Normal kinds: ' +
        'VAUC of all abnormal videos against that kind.',
      '',
    );
    out.push('| Type | Kind | Videos | VAUC | MIoU |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of types)
      out.push(
        `| ${r.type} | ${r.kind} | ${r.videos} | ${formatInterval(r.vauc)} ` +
          `| ${r.kind === 'anomaly' ? formatInterval(r.miou) : '—'} |`,
      );
  }
  out.push('', ...lines.map((l) => `- **${l.name}**: ${l.doc}`));
  const json = {
    pipeline: t.pipeline,
    seeds: t.seeds,
    variants: t.variants,
    testVideos: n,
    rows: Object.fromEntries(
      lines.map((l) => [l.name, { doc: l.doc, runs: l.runs, ...l.point, ci: l.ci, perSeed: l.perSeed }]),
    ),
    paired,
    perType: types,
  };
  return { markdown: out.join('\n') + '\n', json };
}

function mean(xs: Array<number | null | undefined>): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}
