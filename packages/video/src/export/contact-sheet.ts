import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import type { VideoSource } from '../types';
import { drawOverlays, type Overlay } from './overlay';

export interface ContactSheetOptions {
  /** Frame indices to show, or how many evenly spaced frames (default 12). */
  frames?: number[] | number;
  columns?: number;
  overlays?: readonly Overlay[];
  /** Integer upscaling of each tile (nearest neighbour), default 1. */
  scale?: number;
  /** Frames to mark with a red bar under their tile (e.g. the ground-truth event). */
  marked?: (frame: number) => boolean;
  /** Write a palette (256-colour) PNG: several times smaller, for sheets committed to a repo. */
  palette?: boolean;
}

const GAP = 2,
  BAR = 3;

/** Write a PNG grid of frames (with overlays) of a video. Returns the frames shown. */
export async function contactSheet(
  source: VideoSource,
  pngPath: string,
  opts: ContactSheetOptions = {},
): Promise<number[]> {
  const { width: W, height: H, frameCount } = source.info;
  const want = Array.isArray(opts.frames)
    ? [...new Set(opts.frames)].filter((f) => f >= 0 && f < frameCount).sort((a, b) => a - b)
    : evenly(frameCount, Math.min(frameCount, opts.frames ?? 12));
  const cols = Math.max(1, Math.min(opts.columns ?? 4, want.length));
  const rows = Math.ceil(want.length / cols);
  const sc = Math.max(1, Math.floor(opts.scale ?? 1));
  const tw = W * sc,
    th = H * sc + BAR;
  const SW = cols * tw + (cols + 1) * GAP,
    SH = rows * th + (rows + 1) * GAP;
  const sheet = new Uint8Array(SW * SH * 3).fill(32);
  const wanted = new Set(want);
  let k = 0;
  const last = want[want.length - 1] ?? -1;
  for await (const fr of source.frames({ start: want[0] ?? 0, end: last + 1 })) {
    if (!wanted.has(fr.index)) continue;
    const px = drawOverlays(fr, opts.overlays ?? []);
    const ox = GAP + (k % cols) * (tw + GAP),
      oy = GAP + Math.floor(k / cols) * (th + GAP);
    for (let y = 0; y < H * sc; y++) {
      for (let x = 0; x < W * sc; x++) {
        const s = (Math.floor(y / sc) * W + Math.floor(x / sc)) * 3,
          d = ((oy + y) * SW + ox + x) * 3;
        sheet[d] = px[s]!;
        sheet[d + 1] = px[s + 1]!;
        sheet[d + 2] = px[s + 2]!;
      }
    }
    const mark = opts.marked?.(fr.index) ?? false;
    for (let y = H * sc; y < th; y++)
      for (let x = 0; x < tw; x++) {
        const d = ((oy + y) * SW + ox + x) * 3;
        sheet[d] = mark ? 230 : 70;
        sheet[d + 1] = mark ? 30 : 70;
        sheet[d + 2] = mark ? 30 : 70;
      }
    k++;
  }
  mkdirSync(dirname(pngPath), { recursive: true });
  await sharp(Buffer.from(sheet.buffer, sheet.byteOffset, sheet.byteLength), {
    raw: { width: SW, height: SH, channels: 3 },
  })
    .png(opts.palette ? { palette: true, colours: 128, compressionLevel: 9, dither: 0 } : { compressionLevel: 9 })
    .toFile(pngPath);
  return want;
}

function evenly(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.min(total - 1, Math.floor(((i + 0.5) * total) / n)));
}
