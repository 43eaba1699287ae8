/**
 * The bench suite's report: one markdown table of every script's figures, and the README section
 * between `<!-- bench:begin -->` and `<!-- bench:end -->` that is generated from it.
 */
import type { BenchFigure } from './figures';

/** What the suite recorded for one script. */
export interface BenchRun {
  /** Package (stage) the script belongs to, e.g. 'core'. */
  stage: string;
  /** Script path relative to the repository root. */
  script: string;
  args: string[];
  /** The command that reproduces the run, e.g. 'npx tsx packages/core/bench/artifact-formats.ts 20000 4096'. */
  command: string;
  /** Exit status (null when killed by a signal). */
  status: number | null;
  signal?: string | null;
  wallSeconds: number;
  figures: BenchFigure[];
  /** Why figures are missing or incomplete (parse error, non-zero exit). */
  error?: string;
}

export const BENCH_BEGIN = '<!-- bench:begin -->';
export const BENCH_END = '<!-- bench:end -->';

/** A table cell: no newlines, pipes escaped. */
export function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Numbers as printed by the script (they round), with thousands kept plain; strings verbatim. */
export function formatValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  // Scripts round; guard against a long binary tail (0.30000000000000004) without hiding precision.
  return a >= 100 ? v.toFixed(1).replace(/\.0$/, '') : String(+v.toPrecision(4));
}

/**
 * One markdown table: stage | figure | value | unit | command. The command is shown on each
 * script's first row ("same" after it); each script ends with a `wall time` row carrying its exit
 * status, and failed or unparseable scripts get an `error` row.
 */
export function formatTable(runs: BenchRun[]): string {
  const rows: string[] = ['| stage | figure | value | unit | command |', '|---|---|---:|---|---|'];
  for (const r of runs) {
    let first = true;
    const cmd = () => {
      const c = first ? `\`${r.command}\`` : 'same';
      first = false;
      return c;
    };
    for (const f of r.figures) {
      const name = f.note ? `${f.name} (${f.note})` : f.name;
      rows.push(`| ${cell(r.stage)} | ${cell(name)} | ${cell(formatValue(f.value))} | ${cell(f.unit)} | ${cmd()} |`);
    }
    if (r.error) rows.push(`| ${cell(r.stage)} | error | ${cell(r.error)} |  | ${cmd()} |`);
    const exit = r.status === null ? `killed by ${r.signal ?? 'signal'}` : `exit ${r.status}`;
    rows.push(`| ${cell(r.stage)} | wall time (${exit}) | ${formatValue(+r.wallSeconds.toFixed(1))} | s | ${cmd()} |`);
  }
  return rows.join('\n');
}

/** The generated README section body (table + provenance line), without the markers. */
export function readmeSection(
  runs: BenchRun[],
  info: { date: string; cpu: string; cores: number; node: string; command: string },
): string {
  return [
    formatTable(runs),
    '',
    `Generated ${info.date} on ${info.cpu} (${info.cores} cores), node ${info.node}, by \`${info.command}\`.`,
  ].join('\n');
}

/**
 * `readme` with the text between the bench markers replaced by `section`; everything outside the
 * markers (the marker lines included) is kept byte for byte. Throws when a marker is missing,
 * repeated or out of order.
 */
export function replaceBenchSection(readme: string, section: string, file = 'README.md'): string {
  const count = (m: string) => readme.split(m).length - 1;
  for (const m of [BENCH_BEGIN, BENCH_END]) {
    const n = count(m);
    if (n === 0)
      throw new Error(
        `${file} has no '${m}' marker; put '${BENCH_BEGIN}' and '${BENCH_END}' on their own lines ` +
          `around the benchmark table`,
      );
    if (n > 1) throw new Error(`${file} has ${n} '${m}' markers; expected exactly one`);
  }
  const b = readme.indexOf(BENCH_BEGIN);
  const e = readme.indexOf(BENCH_END);
  if (e < b) throw new Error(`${file}: '${BENCH_END}' comes before '${BENCH_BEGIN}'`);
  const head = readme.slice(0, b + BENCH_BEGIN.length);
  const tail = readme.slice(e);
  return `${head}\n${section.trim()}\n${tail}`;
}
