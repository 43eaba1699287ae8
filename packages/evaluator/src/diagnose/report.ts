import { formatDifference, formatInterval, type IntervalMetric } from '../evaluate/intervals';
import { LADDER_ROWS, type LadderResult } from './ladder';

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
  if (r.byType.length) out.push('', ...renderByType(r));
  return out.join('\n') + '\n';
}

const SHORT: Record<string, string> = {
  [LADDER_ROWS.oracle]: 'oracle',
  [LADDER_ROWS.ceiling]: 'ceiling',
  [LADDER_ROWS.mil]: 'plain MIL',
};

/** Point estimates per anomaly type and per kind of normal video (intervals in ladder.json). */
function renderByType(r: LadderResult): string[] {
  const names = r.rows.map((x) => x.method);
  const short = (n: string) => SHORT[n] ?? 'method';
  const pc = (i: { estimate: number } | null | undefined) => (i ? (100 * i.estimate).toFixed(1) : '—');
  const t0 = r.recall.thresholds[0];
  const anomalies = r.byType.filter((t) => t.kind === 'anomaly');
  const normals = r.byType.filter((t) => t.kind === 'normal');
  const scored = names.filter((n) => n !== LADDER_ROWS.oracle);
  const out = [
    "Per anomaly type (VAUC: the type's abnormal videos against all normal test videos; point estimates, " +
      'intervals in ladder.json):',
    '',
    `| Type | videos | recall@${t0} | oracle MIoU | ${scored.map((n) => `${short(n)} VAUC / MIoU`).join(' | ')} |`,
    `| --- | ---: | ---: | ---: |${scored.map(() => ' ---: |').join('')}`,
    ...anomalies.map((t) => {
      const r0 = t.recall[String(t0)];
      const rec = r0 === null || r0 === undefined ? '—' : (100 * r0).toFixed(1);
      const cells = scored.map((n) => `${pc(t.rungs[n]?.vauc)} / ${pc(t.rungs[n]?.miou)}`);
      const oracle = pc(t.rungs[LADDER_ROWS.oracle]?.miou);
      return `| ${t.type} | ${t.videos} | ${rec} | ${oracle} | ${cells.join(' | ')} |`;
    }),
  ];
  if (normals.length)
    out.push(
      '',
      'Per kind of normal video (VAUC: all abnormal test videos against this kind; FAR at the evaluation threshold):',
      '',
      `| Kind | videos | ${scored.map((n) => `${short(n)} VAUC / FAR`).join(' | ')} |`,
      `| --- | ---: |${scored.map(() => ' ---: |').join('')}`,
      ...normals.map((t) => {
        const cells = scored.map((n) => `${pc(t.rungs[n]?.vauc)} / ${pc(t.rungs[n]?.far)}`);
        return `| ${t.type} | ${t.videos} | ${cells.join(' | ')} |`;
      }),
    );
  return out;
}
