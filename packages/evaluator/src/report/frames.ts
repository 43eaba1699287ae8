import sharp from 'sharp';
import type { Box } from '@wsstad/core';

/** A raw RGB24 frame (as `@wsstad/video` decodes them). */
export interface RawFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface DrawnBox {
  box: Box;
  color: string;
  label: string;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface KeyFrameOptions {
  /** Output width in pixels (default 320). */
  width?: number;
  caption?: string;
  /** 'png' (default) or 'jpeg' (quality 70: the browsable strips embed several frames per card). */
  format?: 'png' | 'jpeg';
}

/**
 * Draw boxes with labels over a frame (or over a blank grey canvas of the video size when the
 * frame cannot be decoded) and return PNG (or JPEG) bytes, scaled to `width` pixels wide. Boxes
 * are SVG rectangles composited by sharp, so no native canvas is needed.
 */
export async function drawKeyFrame(
  frame: RawFrame | null,
  size: { width: number; height: number },
  boxes: readonly DrawnBox[],
  opts: KeyFrameOptions = {},
): Promise<Buffer> {
  const { width: w, height: h } = frame ?? size;
  const scale = (opts.width ?? 320) / w;
  const W = Math.round(w * scale);
  const H = Math.round(h * scale);
  const base = frame
    ? sharp(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength), {
        raw: { width: w, height: h, channels: 3 },
      }).resize(W, H, { kernel: 'nearest' })
    : sharp({ create: { width: W, height: H, channels: 3, background: { r: 90, g: 90, b: 90 } } });
  const rects = boxes
    .map((b) => {
      const [x1, y1, x2, y2] = b.box.map((v) => v * scale) as [number, number, number, number];
      const ty = y1 > 14 ? y1 - 3 : y2 + 12;
      return (
        `<rect x="${x1.toFixed(1)}" y="${y1.toFixed(1)}" width="${Math.max(1, x2 - x1).toFixed(1)}" ` +
        `height="${Math.max(1, y2 - y1).toFixed(1)}" fill="none" stroke="${b.color}" stroke-width="2"/>` +
        `<text x="${x1.toFixed(1)}" y="${ty.toFixed(1)}" font-family="sans-serif" font-size="11" ` +
        `fill="${b.color}" stroke="#000" stroke-width="0.3">${esc(b.label)}</text>`
      );
    })
    .join('');
  const caption = opts.caption
    ? `<rect x="0" y="${H - 16}" width="${W}" height="16" fill="#000" opacity="0.55"/><text x="4" ` +
      `y="${H - 4}" font-family="sans-serif" font-size="11" fill="#fff">${esc(opts.caption)}</text>`
    : '';
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${rects}${caption}</svg>`,
  );
  const img = base.composite([{ input: svg, top: 0, left: 0 }]);
  return opts.format === 'jpeg' ? img.jpeg({ quality: 70 }).toBuffer() : img.png().toBuffer();
}
