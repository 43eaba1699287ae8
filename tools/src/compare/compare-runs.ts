/**
 * Paired comparison of two evaluations of the same test videos (issue 14/15: "A beats B" needs a
 * paired interval that excludes zero). Reads two metrics.json files written by the evaluate stage
 * (per-video label, score and Sloc; `wsstad run` prints the tree holding them) and prints A - B
 * for VAUC, MIoU and FAR with 95% paired bootstrap intervals over the videos (stratified by label).
 *
 *   npx tsx tools/src/compare/compare-runs.ts <A/metrics.json> <B/metrics.json> [--names A,B] [--resamples 1000]
 *
 * Frame AUC is not compared here: metrics.json holds no per-frame scores (use the experiment
 * runner, which pairs every metric, for variants of one pipeline).
 */
import { readFileSync } from 'node:fs';
import { formatDifference, pairedRows, rowStats } from '@wsstad/evaluator';

interface MetricsVideo {
  id: string;
  abnormal: boolean;
  score: number;
  sloc: number | null;
}
interface MetricsFile {
  config: { farThreshold: number; strict: boolean };
  videos: MetricsVideo[];
}

export function compareRuns(a: MetricsFile, b: MetricsFile, names: [string, string], resamples = 1000): string[] {
  const byId = new Map(b.videos.map((v) => [v.id, v]));
  const ids = a.videos.map((v) => v.id);
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length || ids.length !== b.videos.length) {
    throw new Error(
      `the two evaluations cover different videos (${missing.length} of A's ${ids.length} missing in B, ` +
        `B has ${b.videos.length}); compare runs on the same test split`,
    );
  }
  const row = (m: MetricsFile, vs: MetricsVideo[]) =>
    rowStats({
      abnormal: vs.map((v) => v.abnormal),
      score: vs.map((v) => v.score),
      sloc: vs.map((v) => (v.abnormal ? v.sloc : null)),
      farThreshold: m.config.farThreshold,
      strict: m.config.strict,
    });
  const sa = row(a, a.videos);
  const sb = row(
    b,
    ids.map((id) => byId.get(id)!),
  );
  const strata = a.videos.map((v) => (v.abnormal ? 1 : 0));
  const opts = { resamples, level: 0.95, seed: 'compare', strata };
  const diffs = pairedRows({ name: names[0], seeds: [sa] }, { name: names[1], seeds: [sb] }, ids.length, opts);
  return diffs.map((d) => `${d.metric}: ${names[0]} - ${names[1]} = ${formatDifference(d)}`);
}

function main(argv: string[]): void {
  const files = argv.filter((x, i) => !x.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const opt = (k: string) => {
    const i = argv.indexOf(`--${k}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (files.length !== 2) {
    throw new Error('usage: compare-runs.ts <A/metrics.json> <B/metrics.json> [--names A,B] [--resamples N]');
  }
  const names = (opt('names')?.split(',') ?? ['A', 'B']) as [string, string];
  const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as MetricsFile;
  const lines = compareRuns(read(files[0]!), read(files[1]!), names, Number(opt('resamples') ?? 1000));
  for (const line of lines) console.log(line);
}

if (require.main === module) main(process.argv.slice(2));
