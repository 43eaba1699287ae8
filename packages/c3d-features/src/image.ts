import type { Box } from '@wsstad/core';
import type { Frame } from '@wsstad/video';
import type { FrameView } from './types';

/** Rec. 601 luma in integer arithmetic (weights sum to 256). */
export function rgbToGray(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const n = width * height;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (77 * rgb[j]! + 150 * rgb[j + 1]! + 29 * rgb[j + 2]!) >> 8;
  return out;
}

export function frameView(f: Frame): FrameView {
  let gray: Uint8Array | undefined;
  return {
    index: f.index,
    width: f.width,
    height: f.height,
    rgb: f.data,
    gray: () => (gray ??= rgbToGray(f.data, f.width, f.height)),
  };
}

/** Sub-samples per output pixel and axis: enough to average away aliasing when shrinking by up to 4x. */
function samplesFor(scale: number): number {
  return Math.max(1, Math.min(4, Math.ceil(scale)));
}

/** Source pixel offsets (clamped) of the nx x ny supersamples of every output pixel, and their weight. */
function samplingGrid(width: number, height: number, box: Box, outW: number, outH: number) {
  const sx = (box[2] - box[0]) / outW;
  const sy = (box[3] - box[1]) / outH;
  const nx = samplesFor(sx);
  const ny = samplesFor(sy);
  return {
    nx,
    ny,
    xs: offsets(box[0], sx, outW, nx, width),
    ys: offsets(box[1], sy, outH, ny, height),
    inv: 1 / (nx * ny),
  };
}

/**
 * Crop `box` (may extend past the frame: coordinates are clamped, i.e. edge pixels are replicated,
 * so a box at the border keeps its geometry) and resize it to outW x outH with area-like
 * supersampling. Single channel (gray) version.
 */
export function sampleGray(
  src: Uint8Array,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
  out: Uint8Array = new Uint8Array(outW * outH),
): Uint8Array {
  const { nx, ny, xs, ys, inv } = samplingGrid(width, height, box, outW, outH);
  if (nx === 1 && ny === 1) {
    // one sample per output pixel (upscaling or mild shrinking, most tube crops): a plain gather
    for (let oy = 0; oy < outH; oy++) {
      const row = ys[oy]! * width,
        o = oy * outW;
      for (let ox = 0; ox < outW; ox++) out[o + ox] = src[row + xs[ox]!]!;
    }
    return out;
  }
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let s = 0;
      for (let a = 0; a < ny; a++) {
        const row = ys[oy * ny + a]! * width;
        for (let b = 0; b < nx; b++) s += src[row + xs[ox * nx + b]!]!;
      }
      out[oy * outW + ox] = Math.round(s * inv);
    }
  }
  return out;
}

/**
 * RGB crop + resize into a planar float tensor slice [3][outH][outW] (channel order and per-channel
 * mean applied), for C3D. `out` is written at `offset` with channel stride `plane`.
 */
export function sampleRgbPlanar(
  src: Uint8Array,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
  bgr: boolean,
  mean: readonly [number, number, number],
  out: Float32Array,
  offset: number,
  plane: number,
): void {
  const { nx, ny, xs, ys, inv } = samplingGrid(width, height, box, outW, outH);
  const [c0, c2] = bgr ? [2, 0] : [0, 2];
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let r = 0,
        g = 0,
        b = 0;
      for (let a = 0; a < ny; a++) {
        const row = ys[oy * ny + a]! * width;
        for (let k = 0; k < nx; k++) {
          const p = (row + xs[ox * nx + k]!) * 3;
          r += src[p]!;
          g += src[p + 1]!;
          b += src[p + 2]!;
        }
      }
      const o = offset + oy * outW + ox;
      const rgb = [r * inv, g * inv, b * inv];
      out[o] = rgb[c0]! - mean[0];
      out[o + plane] = rgb[1]! - mean[1];
      out[o + 2 * plane] = rgb[c2]! - mean[2];
    }
  }
}

/** Source pixel index of each (output pixel, sub-sample), clamped to [0, size). */
function offsets(start: number, step: number, n: number, k: number, size: number): Int32Array {
  const o = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const c = Math.floor(start + (i + (j + 0.5) / k) * step);
      o[i * k + j] = c < 0 ? 0 : c >= size ? size - 1 : c;
    }
  }
  return o;
}
