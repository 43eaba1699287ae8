import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalVideo, EvaluationResult } from '../evaluate/types';
import { videoType } from '../evaluate/per-type';
import type { EvalConfig, ModelCandidates } from '../types';

/** What the report says about the run beyond the metrics: read from the model directory and the stage context. */
export interface RunInfo {
  /** Code version of the evaluate stage (the runner's provenance), when known. */
  codeVersion?: string;
  dataset?: string;
  /** Trained model directory (the train stage output), when the evaluate stage has it as input. */
  modelDir?: string;
  /** Content hash of the model directory (as infer's lineage names it). */
  modelHash?: string;
}

interface ModelMeta {
  training?: {
    variant?: string;
    seed?: number;
    config?: Record<string, unknown>;
    best?: { iteration: number; vauc: number } | null;
    trainVideos?: string[];
    validationVideos?: string[];
  };
  frontEnd?: Record<string, unknown> | null;
  candidates?: ModelCandidates | null;
  calibration?: {
    threshold: number;
    falseAlarmRate: number;
    achievedFalseAlarmRate: number;
    normalScores: number[];
    abnormalScores: number[];
    source: string;
  } | null;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const pre = (v: unknown) => `<pre>${esc(JSON.stringify(v, null, 1))}</pre>`;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export function readModelMeta(dir: string | undefined): ModelMeta | null {
  if (!dir || !existsSync(join(dir, 'model.json'))) return null;
  try {
    return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelMeta;
  } catch {
    return null;
  }
}

/** Histogram SVG of normal and abnormal scores on one axis, with the threshold as a dashed line. */
export function scoreHistogramSvg(
  normal: readonly number[],
  abnormal: readonly number[],
  threshold: number | null,
  title: string,
): string {
  const W = 520,
    H = 200,
    pad = 36,
    bins = 20;
  const all = [...normal, ...abnormal, ...(threshold !== null ? [threshold] : [])];
  const hi = Math.max(1e-6, ...all);
  const count = (xs: readonly number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const x of xs) c[Math.min(bins - 1, Math.floor((x / hi) * bins))]!++;
    return c.map((n) => (xs.length ? n / xs.length : 0));
  };
  const cn = count(normal),
    ca = count(abnormal);
  const top = Math.max(1e-9, ...cn, ...ca);
  const bw = (W - 2 * pad) / bins;
  const bar = (c: number[], color: string, off: number) =>
    c
      .map(
        (v, i) =>
          `<rect x="${(pad + i * bw + off).toFixed(1)}" ` +
          `y="${(H - pad - ((H - 2 * pad) * v) / top).toFixed(1)}" width="${(bw / 2).toFixed(1)}" ` +
          `height="${(((H - 2 * pad) * v) / top).toFixed(1)}" fill="${color}" opacity="0.8"/>`,
      )
      .join('');
  const tx = threshold !== null ? pad + ((W - 2 * pad) * threshold) / hi : null;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">` +
    `<text x="${pad}" y="14" font-size="12">${esc(title)}</text>` +
    `<line x1="${pad}" x2="${W - pad}" y1="${H - pad}" y2="${H - pad}" ` +
    `stroke="#999"/>${bar(cn, '#1f77b4', 0)}${bar(ca, '#d62728', bw / 2)}` +
    (tx !== null
      ? `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="20" y2="${H - pad}" stroke="#000" ` +
        `stroke-dasharray="4 3"/><text x="${(tx + 3).toFixed(1)}" ` +
        `y="30">threshold ${threshold!.toFixed(3)}</text>`
      : '') +
    (`<text x="${pad}" y="${H - 20}">0</text><text x="${W - pad}" y="${H - 20}" ` +
      `text-anchor="end">${hi.toFixed(3)}</text>`) +
    (`<rect x="${W - 170}" y="22" width="10" height="10" fill="#1f77b4"/><text x="${W - 155}" ` +
      `y="31">normal (${normal.length})</text>`) +
    (`<rect x="${W - 170}" y="38" width="10" height="10" fill="#d62728"/><text x="${W - 155}" ` +
      `y="47">abnormal (${abnormal.length})</text></svg>`)
  );
}

/**
 * Sorting for the videos table: click a header; numbers sort numerically. Inline, so report.html stays one offline
 * file.
 */
const SORT_JS =
  `<script>for(const t of ` +
  `document.querySelectorAll('table.sortable')){t.querySelectorAll('th').forEach((th,i)=>{` +
  `th.style.cursor='pointer';th.onclick=()=>{const ` +
  `b=t.tBodies[0];const rows=[...b.rows];const ` +
  `dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';rows.sort((x,y)=>{const ` +
  `a=x.cells[i].dataset.v??x.cells[i].textContent,c=y.cells[i].dataset.v??y.cells[i].textContent;const ` +
  `na=parseFloat(a),nc=parseFloat(c);return ` +
  `dir*(isNaN(na)||isNaN(nc)?a.localeCompare(c):na-nc)});rows.forEach(r=>b.appendChild(r))}})}</script>`;

/**
 * The report's overview sections: run configuration, training curve, operating point, score
 * distributions with the threshold, per-type results and a sortable table of every test video.
 * Verdicts use the model's calibrated threshold (none when the model has none).
 */
export function overviewHtml(
  result: EvaluationResult,
  videos: readonly EvalVideo[],
  cfg: EvalConfig,
  run: RunInfo,
): string {
  const meta = readModelMeta(run.modelDir);
  const cal = meta?.calibration ?? null;
  const thr = cal ? cal.threshold : null;
  const byId = new Map(videos.map((v) => [v.id, v]));
  const parts: string[] = [];

  const cfgRows: Array<[string, string]> = [
    ['dataset', esc(run.dataset ?? '—')],
    ['code version (evaluate)', esc(run.codeVersion ?? '—')],
    [
      'model',
      run.modelDir ? `${esc(run.modelHash ?? '')}<br><small>${esc(run.modelDir)}</small>` : '— (no model input)',
    ],
    ['variant / seed', esc(`${meta?.training?.variant ?? '—'} / ${meta?.training?.seed ?? '—'}`)],
    [
      'training videos / validation',
      esc(`${meta?.training?.trainVideos?.length ?? '—'} / ${meta?.training?.validationVideos?.length ?? '—'}`),
    ],
    [
      'best validation VAUC',
      meta?.training?.best ? `${meta.training.best.vauc.toFixed(3)} at iteration ${meta.training.best.iteration}` : '—',
    ],
  ];
  const cfgRow = (k: string, v: string) => `<tr><td>${k}</td><td style="text-align:left">${v}</td></tr>`;
  parts.push(
    `<h2>Run configuration</h2><table>${cfgRows.map(([k, v]) => cfgRow(k, v)).join('')}</table>` +
      `<details><summary>all parameters (train, front end: detect/link/features, evaluate)</summary>` +
      `${pre({ train: meta?.training?.config ?? null, frontEnd: meta?.frontEnd ?? null, evaluate: cfg })}</details>`,
  );

  const curve =
    run.modelDir && existsSync(join(run.modelDir, 'loss-curve.svg'))
      ? readFileSync(join(run.modelDir, 'loss-curve.svg'), 'utf8')
      : null;
  parts.push(`<h2>Training curve</h2>${curve ?? '<p>no training log in the model directory</p>'}`);

  const normal = result.videos.filter((o) => !o.abnormal).map((o) => o.score);
  const abnormal = result.videos.filter((o) => o.abnormal).map((o) => o.score);
  if (cal) {
    const fa = normal.filter((s) => s > cal.threshold).length,
      hit = abnormal.filter((s) => s > cal.threshold).length;
    parts.push(
      `<h2>Operating point</h2><p>Threshold <b>${cal.threshold.toFixed(4)}</b>, set at training time so ` +
        `that at most ${pct(cal.falseAlarmRate)} of the ` +
        `${cal.normalScores.length} held-out normal validation videos score above it ` +
        `(achieved ${pct(cal.achievedFalseAlarmRate)}). ` +
        (`On this test set: false alarms ${fa}/${normal.length} normal videos ` +
          `(${normal.length ? pct(fa / normal.length) : '—'}), `) +
        (`detected ${hit}/${abnormal.length} abnormal videos ` +
          `(${abnormal.length ? pct(hit / abnormal.length) : '—'}).</p>`),
    );
  } else {
    parts.push(
      '<h2>Operating point</h2><p>The model has no calibrated threshold (trained before calibration, or ' +
        'no normal validation video): no verdicts.</p>',
    );
  }
  parts.push(
    `<h2>Score distributions</h2><div ` +
      `class="rocs">${scoreHistogramSvg(normal, abnormal, thr, 'test videos: top-1 (video) score')}` +
      (cal
        ? scoreHistogramSvg(
            cal.normalScores,
            cal.abnormalScores,
            thr,
            'validation videos (the threshold is set on the normal ones)',
          )
        : '') +
      '</div>',
  );

  // Per type: videos, mean score, share above the threshold (detection rate for anomalies, false alarms for normal
  // kinds).
  const types = new Map<string, { abnormal: boolean; scores: number[] }>();
  for (const o of result.videos) {
    const v = byId.get(o.id);
    const t = v ? videoType(v) : o.abnormal ? 'abnormal' : 'normal';
    const key = `${o.abnormal ? 'a' : 'n'}:${t}`;
    const e = types.get(key) ?? { abnormal: o.abnormal, scores: [] };
    e.scores.push(o.score);
    types.set(key, e);
  }
  const typeRows = [...types.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, e]) => {
      const above = thr === null ? null : e.scores.filter((s) => s > thr).length / e.scores.length;
      return (
        `<tr><td>${esc(k.slice(2))}</td><td>${e.abnormal ? 'anomaly' : 'normal'}</td><td>${e.scores.length}</td>` +
        `<td>${(e.scores.reduce((a, b) => a + b, 0) / e.scores.length).toFixed(3)}</td>` +
        `<td>${above === null ? '—' : `${pct(above)} ${e.abnormal ? 'detected' : 'false alarms'}`}</td></tr>`
      );
    });
  const boot = result.statistics?.perType.length
    ? '<p><small>Bootstrap intervals per type (VAUC, MIoU, FAR): metrics.json ' +
      '<code>statistics.perType</code> and results.md.</small></p>'
    : '';
  parts.push(
    `<h2>Per anomaly type</h2><table ` +
      `class="sortable"><thead><tr><th>type</th><th>kind</th><th>videos</th><th>mean score</th><th>above ` +
      `threshold</th></tr></thead><tbody>${typeRows.join('')}</tbody></table>${boot}`,
  );

  const rows = result.videos.map((o) => {
    const v = byId.get(o.id);
    const verdict = thr === null ? '—' : o.score > thr ? 'abnormal' : 'normal';
    const wrong = thr !== null && o.score > thr !== o.abnormal;
    return (
      `<tr${wrong ? ' class="wrong"' : ''}><td>${esc(o.id)}</td><td>${o.abnormal ? 'abnormal' : 'normal'}</td>` +
      `<td>${esc(v ? videoType(v) : '—')}</td>` +
      `<td data-v="${o.score}">${o.score.toFixed(4)}</td><td>${verdict}</td><td ` +
      `data-v="${o.sloc ?? -1}">${o.sloc === null ? '—' : o.sloc.toFixed(3)}</td>` +
      `<td>${o.top ? `${o.top.frames[0]}–${o.top.frames[o.top.frames.length - 1]}` : '—'}</td></tr>`
    );
  });
  parts.push(
    `<h2>All test videos (${result.videos.length})</h2><p><small>Click a header to sort. Verdict at the ` +
      `calibrated threshold; rows where it disagrees with the label are shaded.</small></p>` +
      `<table class="sortable"><thead><tr><th>video</th><th>label</th><th>type</th><th>score</th><th>verdict</th>` +
      `<th>Sloc</th><th>top tube frames</th></tr></thead><tbody>${rows.join('')}</tbody></table>${SORT_JS}`,
  );
  return parts.join('\n');
}
