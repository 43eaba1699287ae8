import { ensureDir, writeFileAtomic, type Box } from '@wsstad/core';
import { join } from 'node:path';
import type { EvalConfig } from '../types';
import type { EvalVideo, EvaluationResult, VideoOutcome } from '../evaluate/types';
import { rocChart, scoreTimeline } from './charts';
import { drawKeyFrame, type DrawnBox, type RawFrame } from './frames';
import { renderResultsTable } from './table';
import { overviewHtml, type RunInfo } from './overview';
import { evenlySpaced, STRIP_CSS, STRIP_JS, stripHtml, type StripFrame } from './strip';

/** Returns a decoded frame of a video, or null when it cannot be decoded (the report then draws on a blank canvas). */
export type FrameReader = (videoId: string, frame: number) => Promise<RawFrame | null>;

export interface ReportOptions {
  title?: string;
  /** Free text under the title (e.g. "fake model: layout demo only"). */
  banner?: string;
  frameReader?: FrameReader;
  /** Write report.html (charts + key frames); metrics.json and results.md are always written. */
  html?: boolean;
  /** Run configuration, training curve and operating point sections (overview.ts). */
  run?: RunInfo;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const fmt = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d));

/**
 * Which videos the report shows, in order: best localised, worst localised, then the
 * highest-scoring normal videos (false alarms). Without spatial metrics (`spatial: false`) the
 * abnormal videos are ordered by score instead: highest scored, then lowest scored (misses).
 */
export function pickReportVideos(
  outcomes: readonly VideoOutcome[],
  max: number,
  spatial = true,
): Array<{ o: VideoOutcome; why: string }> {
  const ab = spatial
    ? outcomes.filter((o) => o.sloc !== null).sort((a, b) => b.sloc! - a.sloc! || b.score - a.score)
    : outcomes.filter((o) => o.abnormal).sort((a, b) => b.score - a.score);
  const normal = outcomes.filter((o) => !o.abnormal).sort((a, b) => b.score - a.score);
  if (max === 0) return [...ab.map((o) => ({ o, why: 'abnormal' })), ...normal.map((o) => ({ o, why: 'normal' }))];
  const k = Math.max(1, Math.floor(max / 3));
  const best = ab.slice(0, k);
  const worst = ab.slice(k).reverse().slice(0, k);
  const [hi, lo] = spatial
    ? ['best localised', 'worst localised']
    : ['abnormal, highest score', 'abnormal, lowest score'];
  const out = [...best.map((o) => ({ o, why: hi })), ...worst.map((o) => ({ o, why: lo }))];
  for (const o of normal) if (out.length < max) out.push({ o, why: 'normal, highest score' });
  return out.slice(0, max);
}

function boxAt(frames: readonly number[] | undefined, boxes: readonly Box[] | undefined, f: number): Box | null {
  if (!frames || !boxes) return null;
  const i = frames.indexOf(f);
  return i >= 0 ? boxes[i]! : null;
}

/** Write metrics.json, results.md and (unless html=false) report.html with its frames/ folder into `dir`. */
export async function writeReport(
  dir: string,
  result: EvaluationResult,
  videos: readonly EvalVideo[],
  cfg: EvalConfig,
  opts: ReportOptions = {},
): Promise<{ files: string[] }> {
  ensureDir(dir);
  const table = renderResultsTable(result.rows, {
    eps: cfg.eps,
    farThreshold: cfg.farThreshold,
    spatial: result.spatial,
  });
  const files = [join(dir, 'metrics.json'), join(dir, 'results.md')];
  writeFileAtomic(
    files[0]!,
    JSON.stringify(
      {
        config: cfg,
        spatial: result.spatial,
        counts: result.counts,
        table: table.json,
        rows: result.rows,
        videos: result.videos.map((o) => ({
          id: o.id,
          abnormal: o.abnormal,
          score: o.score,
          sloc: o.sloc,
          slocUnion: o.slocUnion,
          top: o.top
            ? {
                tubeId: o.top.tubeId,
                part: o.top.part,
                start: o.top.frames[0],
                end: o.top.frames[o.top.frames.length - 1]! + 1,
                score: o.top.score,
              }
            : null,
        })),
      },
      null,
      2,
    ) + '\n',
  );
  const cmp = cfg.strict ? '>' : '>=';
  const pctOrDash = (v: number | null) => (v === null ? '—' : (100 * v).toFixed(2));
  writeFileAtomic(
    files[1]!,
    `# ${opts.title ?? 'WSSTAD results'}\n\n${opts.banner ? `> ${opts.banner}\n\n` : ''}${table.markdown}\n\n` +
      (result.spatial
        ? `Values in %. ${result.counts.videos} test videos (${result.counts.abnormal} ` +
          `abnormal, ${result.counts.normal} normal); localisation over ${result.counts.localised} ` +
          `abnormal videos with ground truth.\n` +
          `IoU@eps counts Sloc ${cmp} eps; FAR counts normal videos with top-1 ` +
          `score ${cmp} ${cfg.farThreshold}. MIoU with the union-span ` +
          `variant: ${result.rows.map((r) => `${r.method} ${pctOrDash(r.miouUnion)}`).join('; ')}.\n`
        : `Values in %. ${result.counts.videos} test videos (${result.counts.abnormal} ` +
          `abnormal, ${result.counts.normal} normal). Temporal ground truth only (no boxes): ` +
          `IoU@eps, MIoU and the Upper Bound are not computed. Frame AUC: one ROC over the frames of ` +
          `all test videos; FAR counts normal videos with score ${cmp} ${cfg.farThreshold}.\n`),
  );
  if (opts.html === false) return { files };

  const byId = new Map(videos.map((v) => [v.id, v]));
  const rocs: string[] = [];
  if (result.roc.video)
    rocs.push(await rocChart([{ name: 'video level', ...result.roc.video }], 'Video-level ROC (top-1 score)'));
  if (result.roc.frame)
    rocs.push(await rocChart([{ name: 'frame level', ...result.roc.frame }], 'Frame-level ROC (Appendix F)'));
  const cards: string[] = [];
  let strips = 0;
  for (const { o, why } of pickReportVideos(result.videos, cfg.reportVideos, result.spatial)) {
    const v = byId.get(o.id)!;
    const top = o.top;
    const predSpan: [number, number] | null = top ? [top.frames[0]!, top.frames[top.frames.length - 1]! + 1] : null;
    const chart = v.frameScores
      ? await scoreTimeline(v.frameScores, {
          gt: o.gtInterval,
          pred: predSpan,
          fps: v.info?.fps,
          threshold: cfg.farThreshold,
        })
      : '<p>no frame scores</p>';
    let img = '';
    if (cfg.keyFrames && (o.gtTrack || top)) {
      // Prefer a frame where both the ground truth and the prediction have a box, so both are drawn.
      const both = o.gtTrack && top ? o.gtTrack.frames.filter((x) => top.frames.includes(x)) : [];
      const src = both.length ? both : o.gtTrack?.frames.length ? o.gtTrack.frames : top!.frames;
      const f = src[Math.floor(src.length / 2)]!;
      const size = v.info ?? { width: 320, height: 240 };
      const draw = async (fr: number, format: 'png' | 'jpeg') => {
        const boxes: DrawnBox[] = [];
        const g = boxAt(o.gtTrack?.frames, o.gtTrack?.boxes, fr);
        const p = boxAt(top?.frames, top?.boxes, fr);
        if (g) boxes.push({ box: g, color: '#2ecc40', label: 'GT' });
        if (p) boxes.push({ box: p, color: '#ff4136', label: `pred ${top!.score.toFixed(2)}` });
        const frame = opts.frameReader ? await opts.frameReader(o.id, fr) : null;
        return drawKeyFrame(frame, size, boxes, {
          caption: `frame ${fr}${frame ? '' : ' (not decoded: boxes only)'}`,
          format,
        });
      };
      // The strip spans the predicted tube (the ground truth's track for a video without one).
      const stripFrames =
        cfg.keyFramesPerVideo > 1 ? evenlySpaced(top ? top.frames : o.gtTrack!.frames, cfg.keyFramesPerVideo) : [];
      if (stripFrames.length > 1) {
        const shots: StripFrame[] = [];
        for (const fr of stripFrames) shots.push({ frame: fr, bytes: await draw(fr, 'jpeg'), mime: 'image/jpeg' });
        // Open on the strip frame nearest the single key frame (where GT and prediction overlap).
        const start = stripFrames.reduce((b, fr, k) => (Math.abs(fr - f) < Math.abs(stripFrames[b]! - f) ? k : b), 0);
        img = stripHtml(o.id, shots, start);
        strips++;
      } else {
        const name = `frames/${o.id.replace(/[^A-Za-z0-9._-]/g, '_')}.png`;
        ensureDir(join(dir, 'frames'));
        writeFileAtomic(join(dir, name), await draw(f, 'png'));
        files.push(join(dir, name));
        img = `<img src="${name}" alt="key frame of ${esc(o.id)}">`;
      }
    }
    const gtFrames = o.gtInterval ? ` · GT frames ${o.gtInterval[0]}–${o.gtInterval[1] - 1}` : '';
    cards.push(`<section class="card"><h3>${esc(o.id)} <span \
class="tag ${o.abnormal ? 'ab' : 'no'}">${o.abnormal ? 'abnormal' : 'normal'}</span> <span \
class="why">${esc(why)}</span></h3>
<p>score <b>${o.score.toFixed(3)}</b> · Sloc ${fmt(o.sloc)} · union-variant ${fmt(o.slocUnion)} · top \
tube ${top ? `${top.tubeId} part ${top.part}, frames ${predSpan![0]}–${predSpan![1] - 1}` : 'none'}${gtFrames}</p>
<div class="row">${img}<div class="chart">${chart}</div></div></section>`);
  }
  const cell = (v: unknown) => `<td>${typeof v === 'number' ? v.toFixed(2) : esc(String(v ?? '—'))}</td>`;
  const bodyRows = table.json.rows
    .map((r) => `<tr class="${r.kind}">${table.json.columns.map((c) => cell(r[c])).join('')}</tr>`)
    .join('');
  const tableHtml = `<table><thead><tr>${table.json.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>\
<tbody>${bodyRows}</tbody></table>`;
  const iouNote = result.spatial
    ? `IoU@eps: Sloc ${cmp} eps over abnormal videos; `
    : 'Temporal ground truth only: no IoU@eps / MIoU / Upper Bound; ';
  const ubCandidates = cfg.baselineCandidates === 'both' ? 'whole tube or sub-tube' : cfg.baselineCandidates;
  const upperNote = result.spatial ? ` Upper Bound: best ${ubCandidates} by Sloc.` : '';
  const keyFramesNote =
    cfg.keyFramesPerVideo > 1
      ? `; up to ${cfg.keyFramesPerVideo} key frames over the predicted tube (◀ ▶, slider or thumbnails)`
      : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(opts.title ?? 'WSSTAD report')}</title>\
<style>
body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}table{border-collapse:collapse;margin:8px 0}th,\
td{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
tr.baseline{color:#666}tr.method{font-weight:bold}.banner{background:#fff3cd;border:1px solid #e0c36b;padding:6px 10px}\
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:12px 0}
.row{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}.tag{font-size:12px;padding:1px 6px;border-radius:8px;\
color:#fff}.ab{background:#d62728}.no{background:#1f77b4}.why{font-size:12px;color:#777;font-weight:normal}\
.rocs{display:flex;gap:24px;flex-wrap:wrap}small{color:#666}tr.wrong{background:#fdecea}pre{text-align:left;\
font-size:11px;max-height:300px;overflow:auto;background:#f6f6f6;padding:6px}
${strips ? STRIP_CSS : ''}</style></head><body>\
<h1>${esc(opts.title ?? 'WSSTAD report')}</h1>${opts.banner ? `<p class="banner">${esc(opts.banner)}</p>` : ''}
<h2>Results</h2>${tableHtml}<small>Values in %. ${result.counts.videos} test videos (${result.counts.abnormal} \
abnormal, ${result.counts.normal} normal, ${result.counts.withoutTubes} without \
tubes). ${iouNote}FAR: normal videos with top-1 score ${cmp} ${cfg.farThreshold}; — = not defined. Random: mean \
over ${cfg.randomSeeds} seeds.${upperNote}</small>
${overviewHtml(result, videos, cfg, opts.run ?? {})}
<h2>ROC curves</h2><div class="rocs">${rocs.join('') || '<p>undefined (the split lacks a class)</p>'}</div>
<h2>Videos</h2><p><small>Green: ground truth (box and interval); red: predicted top-1 \
(sub-)tube${keyFramesNote}. Best and worst localised abnormal videos first, then the normal videos with the \
highest scores.</small></p>
${cards.join('\n')}${strips ? STRIP_JS : ''}</body></html>\n`;
  files.push(join(dir, 'report.html'));
  writeFileAtomic(join(dir, 'report.html'), html);
  return { files };
}
