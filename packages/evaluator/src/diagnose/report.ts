import { formatDifference, formatInterval, type IntervalMetric } from '../evaluate/intervals';
import type { LadderResult } from './ladder';

const LABEL: Record<IntervalMetric, string> = { vauc: 'VAUC', miou: 'MIoU', frameAuc: 'Frame AUC', far: 'FAR' };

/**
 * The ladder as Markdown: detector recall, then one table (values in %, 95% intervals), then the paired differences.
 */
export function renderLadder(r: LadderResult, opts: { eps: readonly number[]; title?: string }): string {
  const lvl = r.rows[0]?.ci?.miou ? `${Math.round(r.rows[0].ci.miou.level * 100)}%` : '95%';
  const metrics: IntervalMetric[] = ['vauc', 'miou', 'frameAuc', 'far'];
  const cell = (row: LadderResult['rows'][number], m: IntervalMetric) =>
    row.ci?.[m] ? formatInterval(row.ci[m]) : formatInterval(null, row[m]);
  const iou = (row: LadderResult['rows'][number]) =>
    opts.eps.map((e) => formatInterval(null, row.iouAt[String(e)] ?? null));
  const out = [
    `## ${opts.title ?? 'Diagnosis ladder'}`,
    '',
    `Same tubes and features for every rung; ${r.counts.test} test videos (${r.counts.abnormal} ` +
      `abnormal), ${r.counts.train} training videos ` +
      `(${r.counts.trainInstances} training instances, ${r.counts.trainPositives} of them anomalous by ` +
      `the ground truth, used by the ceiling only). Values in %, ${lvl} bootstrap intervals ` +
      `over test videos.`,
    '',
    `Detector recall of the anomaly objects (${r.recall.boxes} ground-truth boxes in ${r.recall.videos} ` +
      `abnormal test videos): ` +
      r.recall.thresholds.map((t) => `IoU >= ${t}: ${formatInterval(r.recall.intervals[String(t)])}`).join('; ') +
      '.',
    '',
    `| Rung | ${metrics.map((m) => LABEL[m]).join(' | ')} | ${opts.eps.map((e) => `IoU@${e}`).join(' | ')} |`,
    `| --- |${metrics.map(() => ' ---: |').join('')}${opts.eps.map(() => ' ---: |').join('')}`,
    ...r.rows.map(
      (row) => `| ${row.method} | ${metrics.map((m) => cell(row, m)).join(' | ')} | ${iou(row).join(' | ')} |`,
    ),
  ];
  if (r.paired.length) {
    out.push(
      '',
      `The method minus each rung (points, ${lvl} paired bootstrap; '>' / '<' when the interval ` +
        `excludes 0, '≈' otherwise):`,
      '',
    );
    for (const b of [...new Set(r.paired.map((p) => p.b))]) {
      const ds = r.paired
        .filter((p) => p.b === b)
        .map((d) => `${LABEL[d.metric]} ${formatDifference(d)} ${d.sign > 0 ? '>' : d.sign < 0 ? '<' : '≈'}`);
      out.push(`- vs ${b}: ${ds.join('; ')}`);
    }
  }
  return out.join('\n') + '\n';
}
