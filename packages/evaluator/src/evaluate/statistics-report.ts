import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@wsstad/core';
import { formatDifference, formatInterval, type IntervalMetric } from './intervals';
import type { EvaluationResult } from './types';

const LABEL: Record<IntervalMetric, string> = { vauc: 'VAUC', miou: 'MIoU', frameAuc: 'Frame AUC', far: 'FAR' };

/**
 * The Markdown sections of the intervals: every row with its 95% intervals, the method against every
 * other row (paired differences, in points; an ordering holds only when the interval excludes 0),
 * and the per-type rows. Empty when the evaluation computed no intervals.
 */
export function renderStatistics(result: EvaluationResult): string {
  const st = result.statistics;
  if (!st) return '';
  const lvl = `${Math.round(st.level * 100)}%`;
  const metrics: IntervalMetric[] = result.spatial ? ['vauc', 'miou', 'frameAuc', 'far'] : ['vauc', 'frameAuc', 'far'];
  const head = (cols: string[]) => [
    `| ${cols.join(' | ')} |`,
    `|${cols.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  const out: string[] = [`## ${lvl} intervals`, '', `Values in % with ${lvl} intervals (${st.method}).`, ''];
  out.push(...head(['Method', ...metrics.map((m) => LABEL[m])]));
  for (const r of result.rows) {
    out.push(`| ${r.method} | ${metrics.map((m) => (r.ci?.[m] ? formatInterval(r.ci[m]) : '—')).join(' | ')} |`);
  }
  if (st.paired.length) {
    const main = result.rows[0]!.method;
    out.push(
      '',
      `## Paired differences: ${main} minus each row`,
      '',
      `Points, ${lvl} paired bootstrap interval; '>' / '<' when the interval excludes 0, '≈' (not resolved) otherwise.`,
      '',
    );
    out.push(...head(['Row', ...metrics.map((m) => `Δ ${LABEL[m]}`)]));
    const others = [...new Set(st.paired.map((p) => p.b))];
    for (const b of others) {
      const cell = (m: IntervalMetric) => {
        const d = st.paired.find((p) => p.b === b && p.metric === m);
        return d ? `${formatDifference(d)} ${d.sign > 0 ? '>' : d.sign < 0 ? '<' : '≈'}` : '—';
      };
      out.push(`| ${b} | ${metrics.map(cell).join(' | ')} |`);
    }
  }
  if (st.perType.length) {
    out.push(
      '',
      '## Per type (the method)',
      '',
      'Anomaly types: VAUC of that type against all normal videos, MIoU over that type. Normal kinds ' +
        '(hard negatives): VAUC of all abnormal videos against that kind, FAR within it.',
      '',
    );
    out.push(...head(['Type', 'Kind', 'Videos', 'VAUC', ...(result.spatial ? ['MIoU'] : []), 'FAR']));
    for (const t of st.perType) {
      out.push(
        `| ${t.type} | ${t.kind} | ${t.videos} | ${formatInterval(t.vauc)} ` +
          `| ${result.spatial ? `${t.kind === 'anomaly' ? formatInterval(t.miou) : '—'} | ` : ''}` +
          `${t.kind === 'normal' ? formatInterval(t.far) : '—'} |`,
      );
    }
  }
  return out.join('\n') + '\n';
}

/** Append the statistics to results.md and metrics.json written by the report (which knows nothing of them). */
export function appendStatistics(dir: string, result: EvaluationResult): void {
  if (!result.statistics) return;
  const md = join(dir, 'results.md');
  writeFileAtomic(md, `${readFileSync(md, 'utf8').trimEnd()}\n\n${renderStatistics(result)}`);
  const mj = join(dir, 'metrics.json');
  const m = JSON.parse(readFileSync(mj, 'utf8')) as Record<string, unknown>;
  writeFileAtomic(mj, JSON.stringify({ ...m, statistics: result.statistics }, null, 2) + '\n');
}
