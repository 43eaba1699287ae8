import type { ResultRow } from '../evaluate/types';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : (100 * v).toFixed(2));

export interface ResultsTable {
  /** Markdown table in the paper's Table 1 layout (values in %). */
  markdown: string;
  /** The same rows as plain JSON (values in %, null where undefined). */
  json: { columns: string[]; rows: Array<Record<string, string | number | null>> };
}

/**
 * The results table: one row per method / variant / baseline; columns VAUC, IoU@eps..., MIoU,
 * FAR, frame AUC. '—' marks a value that is not defined for the row (e.g. FAR of Upper Bound).
 * `spatial: false` (temporal-only ground truth) drops the IoU@eps and MIoU columns.
 */
export function renderResultsTable(
  rows: readonly ResultRow[],
  opts: { eps: readonly number[]; farThreshold?: number; spatial?: boolean },
): ResultsTable {
  const far = `FAR@${opts.farThreshold ?? 0.2}`;
  const eps = opts.spatial === false ? [] : opts.eps;
  const miou = opts.spatial === false ? [] : ['MIoU'];
  const columns = ['Method', 'VAUC', ...eps.map((e) => `IoU@${e}`), ...miou, far, 'Frame AUC'];
  const cells = rows.map((r) => [
    r.method,
    pct(r.vauc),
    ...eps.map((e) => pct(r.iouAt[String(e)])),
    ...miou.map(() => pct(r.miou)),
    pct(r.far),
    pct(r.frameAuc),
  ]);
  const markdown = [
    `| ${columns.join(' | ')} |`,
    `|${columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...cells.map((c) => `| ${c.join(' | ')} |`),
  ].join('\n');
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : +(100 * v).toFixed(4));
  const json = {
    columns,
    rows: rows.map((r) => ({
      Method: r.method,
      kind: r.kind,
      VAUC: num(r.vauc),
      ...Object.fromEntries(eps.map((e) => [`IoU@${e}`, num(r.iouAt[String(e)])])),
      ...(miou.length ? { MIoU: num(r.miou) } : {}),
      [far]: num(r.far),
      'Frame AUC': num(r.frameAuc),
      ...(miou.length ? { 'MIoU (union variant)': num(r.miouUnion) } : {}),
      note: r.note ?? null,
    })),
  };
  return { markdown, json };
}
