import type { TrainLogRow } from './types';

/**
 * Validation VAUC: core's rocAuc (O(n log n), ties 1/2). NaN when the validation videos hold one
 * class, which the log records and best-checkpoint selection skips.
 */
export { rocAuc } from '@wsstad/core';

export function logToJsonl(rows: readonly TrainLogRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

/** A hand-written SVG: per-branch total loss (top) and validation VAUC (bottom) against iterations. */
export function lossCurveSvg(rows: readonly TrainLogRow[], title: string): string {
  const W = 720,
    Hh = 200,
    pad = 44;
  const steps = rows.filter((r): r is Extract<TrainLogRow, { kind: 'step' }> => r.kind === 'step');
  const vals = rows.filter(
    (r): r is Extract<TrainLogRow, { kind: 'validation' }> => r.kind === 'validation' && Number.isFinite(r.vauc),
  );
  const maxIt = Math.max(1, ...rows.map((r) => r.iteration));
  const x = (it: number) => pad + ((W - 2 * pad) * it) / maxIt;
  const maxLoss = Math.max(1e-9, ...steps.map((s) => s.total));
  const line = (pts: Array<[number, number]>, color: string) =>
    pts.length
      ? `<polyline fill="none" stroke="${color}" stroke-width="1.5" ` +
        `points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>`
      : '';
  const panel = (y0: number, label: string, lo: string, hi: string) =>
    `<rect x="${pad}" y="${y0}" width="${W - 2 * pad}" height="${Hh}" fill="none" stroke="#999"/><text ` +
    `x="6" y="${y0 + 12}" font-size="11">${hi}</text><text x="6" y="${y0 + Hh}" ` +
    `font-size="11">${lo}</text><text x="${pad + 4}" y="${y0 + 14}" font-size="12">${label}</text>`;
  const yLoss = (v: number) => 30 + Hh - (Hh * v) / maxLoss;
  const y2 = 30 + Hh + 40;
  const yAuc = (v: number) => y2 + Hh - Hh * v;
  const colors: Record<string, string> = { tube: '#d62728', temporal: '#1f77b4' };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y2 + Hh + 40}" font-family="sans-serif">`,
    `<text x="${pad}" y="18" font-size="14">${escapeXml(title)}</text>`,
    panel(30, 'training loss per branch (red: tube, blue: temporal)', '0', maxLoss.toPrecision(3)),
    ...(['tube', 'temporal'] as const).map((b) =>
      line(
        steps.filter((s) => s.branch === b).map((s) => [x(s.iteration), yLoss(s.total)]),
        colors[b]!,
      ),
    ),
    panel(y2, 'validation VAUC', '0', '1'),
    `<line x1="${pad}" x2="${W - pad}" y1="${yAuc(0.5)}" y2="${yAuc(0.5)}" stroke="#ccc" stroke-dasharray="4"/>`,
    line(
      vals.map((v) => [x(v.iteration), yAuc(v.vauc)]),
      '#2ca02c',
    ),
    `<text x="${W / 2}" y="${y2 + Hh + 30}" font-size="11">iteration (max ${maxIt})</text>`,
    '</svg>',
  ];
  return parts.join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
