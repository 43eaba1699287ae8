import type { Box } from '@wsstad/core';
import type { Frame } from '@wsstad/video';
import type { OnnxDetectorConfig } from '../types';

/** How input-pixel boxes map back to frame pixels: frame = (input - pad) / scale. */
export interface InputTransform {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
}

export function toFrameBox(b: readonly number[], t: InputTransform, width: number, height: number): Box {
  const x1 = (b[0]! - t.padX) / t.scaleX,
    y1 = (b[1]! - t.padY) / t.scaleY;
  const x2 = (b[2]! - t.padX) / t.scaleX,
    y2 = (b[3]! - t.padY) / t.scaleY;
  const cx1 = Math.min(Math.max(Math.min(x1, x2), 0), width),
    cy1 = Math.min(Math.max(Math.min(y1, y2), 0), height);
  return [
    cx1,
    cy1,
    Math.max(cx1, Math.min(Math.max(x1, x2), width)),
    Math.max(cy1, Math.min(Math.max(y1, y2), height)),
  ];
}

/**
 * Frame (RGB24) -> NCHW float32 of the model's input size: bilinear resize (stretched, or
 * aspect-preserving with padding for 'letterbox'), channel order, (x / scale - mean) / std.
 */
export function preprocess(f: Frame, c: OnnxDetectorConfig): { data: Float32Array; transform: InputTransform } {
  const W = c.inputWidth,
    H = c.inputHeight;
  let sx = W / f.width,
    sy = H / f.height,
    padX = 0,
    padY = 0;
  if (c.resize === 'letterbox') {
    const s = Math.min(sx, sy);
    sx = sy = s;
    padX = (W - f.width * s) / 2;
    padY = (H - f.height * s) / 2;
  }
  const plane = W * H;
  const out = new Float32Array(3 * plane);
  const order = c.channelOrder === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const pad = c.letterboxValue;
  for (let y = 0; y < H; y++) {
    const fy = (y + 0.5 - padY) / sy - 0.5;
    for (let x = 0; x < W; x++) {
      const fx = (x + 0.5 - padX) / sx - 0.5;
      const inside =
        fx > -1 &&
        fy > -1 &&
        fx < f.width &&
        fy < f.height &&
        x >= Math.floor(padX) &&
        x < W - Math.floor(padX) &&
        y >= Math.floor(padY) &&
        y < H - Math.floor(padY);
      const x0 = Math.min(Math.max(Math.floor(fx), 0), f.width - 1),
        y0 = Math.min(Math.max(Math.floor(fy), 0), f.height - 1);
      const x1 = Math.min(x0 + 1, f.width - 1),
        y1 = Math.min(y0 + 1, f.height - 1);
      const ax = Math.min(Math.max(fx - x0, 0), 1),
        ay = Math.min(Math.max(fy - y0, 0), 1);
      for (let k = 0; k < 3; k++) {
        const ch = order[k]!;
        let v = pad;
        if (inside) {
          const p = (yy: number, xx: number) => f.data[(yy * f.width + xx) * 3 + ch]!;
          v = (p(y0, x0) * (1 - ax) + p(y0, x1) * ax) * (1 - ay) + (p(y1, x0) * (1 - ax) + p(y1, x1) * ax) * ay;
        }
        out[k * plane + y * W + x] = (v / c.scale - c.mean[k]!) / c.std[k]!;
      }
    }
  }
  return { data: out, transform: { scaleX: sx, scaleY: sy, padX, padY } };
}
