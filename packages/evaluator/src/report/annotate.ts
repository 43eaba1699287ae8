import sharp from 'sharp';
import type { Box } from '@wsstad/core';
import type { Frame, FrameRange, VideoSource } from '@wsstad/video';

/** One tube drawn on the annotated video: its boxes per frame and a label such as "#1 0.412". */
export interface AnnotatedTube {
  frames: readonly number[];
  boxes: readonly Box[];
  label: string;
  /** CSS colour. */
  color: string;
  /** Draw with a thin dashed outline (e.g. a candidate below the threshold). */
  thin?: boolean;
}

export interface AnnotationSpec {
  tubes: readonly AnnotatedTube[];
  /** Text across the top of every frame, e.g. "ABNORMAL  score 0.41 > 0.25 (5% false alarms)". */
  banner: string;
  bannerColor: string;
  /** Per-frame scores for the timeline strip under the frame (one per source frame). */
  frameScores: ArrayLike<number>;
  /** Drawn as a horizontal line on the strip; null = no calibrated threshold. */
  threshold: number | null;
  /** Frame ranges shaded on the strip (half-open), e.g. the anomalous time ranges. */
  ranges?: ReadonlyArray<readonly [number, number]>;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Height of the score strip added under the frame: 18% of the frame height, at least 32 px, even. */
export function stripHeight(frameHeight: number): number {
  return 2 * Math.ceil(Math.max(32, 0.18 * frameHeight) / 2);
}

/**
 * The SVG drawn over one frame of width w and height h (the strip below it adds stripHeight(h)):
 * tube boxes with labels, the verdict banner, and the score timeline with the threshold and a
 * cursor at this frame. The curve's scale is [0, max(1, scores)] so scores of different videos compare.
 */
export function annotationSvg(frame: number, w: number, h: number, spec: AnnotationSpec): string {
  const sh = stripHeight(h);
  const fs = Math.max(11, Math.round(h / 36));
  const parts: string[] = [];
  for (const t of spec.tubes) {
    const i = t.frames.indexOf(frame);
    if (i < 0) continue;
    const [x1, y1, x2, y2] = t.boxes[i]!;
    const ty = y1 > fs + 4 ? y1 - 4 : y2 + fs + 2;
    const strokeWidth = t.thin ? Math.max(1, Math.round(h / 300)) : Math.max(2, Math.round(h / 200));
    parts.push(
      `<rect x="${x1.toFixed(1)}" y="${y1.toFixed(1)}" width="${Math.max(1, x2 - x1).toFixed(1)}" ` +
        `height="${Math.max(1, y2 - y1).toFixed(1)}" fill="none" stroke="${t.color}" ` +
        `stroke-width="${strokeWidth}"${t.thin ? ' stroke-dasharray="5 3"' : ''}/>` +
        `<text x="${x1.toFixed(1)}" y="${ty.toFixed(1)}" font-family="sans-serif" font-weight="bold" ` +
        `font-size="${t.thin ? Math.round(fs * 0.8) : fs}" fill="${t.color}" stroke="#000" ` +
        `stroke-width="0.6">${esc(t.label)}</text>`,
    );
  }
  parts.push(
    `<rect x="0" y="0" width="${w}" height="${fs + 10}" fill="#000" opacity="0.55"/>` +
      `<text x="6" y="${fs + 4}" font-family="sans-serif" font-weight="bold" font-size="${fs}" ` +
      `fill="${spec.bannerColor}">${esc(spec.banner)}</text>`,
  );
  // Timeline strip.
  const n = spec.frameScores.length;
  let top = 1;
  for (let k = 0; k < n; k++) top = Math.max(top, spec.frameScores[k]!);
  const y = (v: number) => h + sh - 4 - (v / top) * (sh - 8);
  const x = (f: number) => (n > 1 ? (f / (n - 1)) * (w - 1) : 0);
  parts.push(`<rect x="0" y="${h}" width="${w}" height="${sh}" fill="#111"/>`);
  for (const [s, e] of spec.ranges ?? [])
    parts.push(
      `<rect x="${x(s).toFixed(1)}" y="${h}" width="${Math.max(1, x(e) - x(s)).toFixed(1)}" ` +
        `height="${sh}" fill="#d62728" opacity="0.35"/>`,
    );
  const step = Math.max(1, Math.floor(n / w));
  const pts: string[] = [];
  for (let k = 0; k < n; k += step) pts.push(`${x(k).toFixed(1)},${y(spec.frameScores[k]!).toFixed(1)}`);
  if (pts.length) parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="#ffdc00" stroke-width="1.5"/>`);
  if (spec.threshold !== null)
    parts.push(
      `<line x1="0" x2="${w}" y1="${y(spec.threshold).toFixed(1)}" y2="${y(spec.threshold).toFixed(1)}" ` +
        `stroke="#ff4136" stroke-dasharray="4 3"/>`,
    );
  parts.push(
    `<line x1="${x(frame).toFixed(1)}" x2="${x(frame).toFixed(1)}" y1="${h}" y2="${h + sh}" ` +
      `stroke="#fff" stroke-width="1.5"/>`,
  );
  parts.push(
    `<text x="${w - 4}" y="${h + fs}" text-anchor="end" font-family="sans-serif" ` +
      `font-size="${Math.round(fs * 0.85)}" fill="#ccc">frame ` +
      `score${spec.threshold !== null ? ' · threshold (dashed)' : ''}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h + sh}">${parts.join('')}</svg>`;
}

/** One frame with its annotation: RGB pixels of width w and height h + stripHeight(h). */
export async function annotateFrame(f: Frame, spec: AnnotationSpec): Promise<Uint8Array> {
  const sh = stripHeight(f.height);
  const base = sharp(Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), {
    raw: { width: f.width, height: f.height, channels: 3 },
  }).extend({ bottom: sh, background: { r: 17, g: 17, b: 17 } });
  const svg = Buffer.from(annotationSvg(f.index, f.width, f.height, spec));
  const out = await sharp(await base.raw().toBuffer(), { raw: { width: f.width, height: f.height + sh, channels: 3 } })
    .composite([{ input: svg, top: 0, left: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** PNG of one annotated frame (for docs and reports). */
export async function annotatedPng(f: Frame, spec: AnnotationSpec): Promise<Buffer> {
  const px = await annotateFrame(f, spec);
  return sharp(Buffer.from(px.buffer, px.byteOffset, px.byteLength), {
    raw: { width: f.width, height: f.height + stripHeight(f.height), channels: 3 },
  })
    .png()
    .toBuffer();
}

/** A video source whose frames carry the annotation (taller by the strip); pass it to @wsstad/video's exportVideo. */
export function annotatedSource(src: VideoSource, spec: AnnotationSpec): VideoSource {
  return {
    uri: src.uri,
    info: { ...src.info, height: src.info.height + stripHeight(src.info.height) },
    async *frames(range?: FrameRange) {
      for await (const f of src.frames(range)) {
        yield { ...f, height: f.height + stripHeight(f.height), data: await annotateFrame(f, spec) };
      }
    },
    close: () => src.close(),
  };
}
