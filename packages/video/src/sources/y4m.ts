import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from '@wsstad/core';
import { clampRange } from '../synth/source';
import type { Frame, FrameRange, VideoSource } from '../types';

/**
 * YUV4MPEG2 (`.y4m`): a text header line, then per frame `FRAME\n` + planar Y, U, V. Supported:
 * 4:2:0 chroma (C420, C420jpeg, C420paldv, C420mpeg2; the default) and C444 and Cmono, 8-bit,
 * BT.601 limited range (what ffmpeg writes). Frames are read by offset, one at a time.
 */
interface Y4mHeader {
  width: number;
  height: number;
  fps: number;
  chroma: '420' | '444' | 'mono';
  headerBytes: number;
  frameBytes: number;
}

function parseHeader(path: string): Y4mHeader {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1024);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, n).toString('latin1');
  const nl = text.indexOf('\n');
  if (!text.startsWith('YUV4MPEG2 ') || nl < 0)
    throw new InputError('not a Y4M file (missing "YUV4MPEG2" header line)', {
      file: path,
      hint: 'convert it with ffmpeg -i in.mp4 out.y4m',
    });
  let width = 0,
    height = 0,
    fps = 25,
    chroma: Y4mHeader['chroma'] = '420';
  for (const tok of text.slice(10, nl).split(' ')) {
    const v = tok.slice(1);
    if (tok[0] === 'W') width = Number(v);
    else if (tok[0] === 'H') height = Number(v);
    else if (tok[0] === 'F') {
      const [a, b] = v.split(':').map(Number);
      if (a && b) fps = a / b;
    } else if (tok[0] === 'C') {
      if (v.startsWith('420')) chroma = '420';
      else if (v === '444') chroma = '444';
      else if (v === 'mono') chroma = 'mono';
      else
        throw new InputError(`unsupported Y4M colour space C${v}; supported: C420*, C444, Cmono (8-bit)`, {
          file: path,
          hint: 'convert with ffmpeg -pix_fmt yuv420p',
        });
    }
  }
  if (!(width > 0 && height > 0)) throw new InputError('Y4M header lacks a valid W/H', { file: path });
  const cw = Math.ceil(width / 2),
    ch = Math.ceil(height / 2);
  const frameBytes =
    chroma === '420' ? width * height + 2 * cw * ch : chroma === '444' ? width * height * 3 : width * height;
  return { width, height, fps, chroma, headerBytes: nl + 1, frameBytes };
}

export function openY4m(path: string): VideoSource {
  const h = parseHeader(path);
  const size = statSync(path).size;
  const per = 6 + h.frameBytes; // "FRAME\n" + planes (frame parameters are not supported)
  const frameCount = Math.floor((size - h.headerBytes) / per);
  if ((size - h.headerBytes) % per !== 0)
    throw new InputError(
      `truncated Y4M: ${(size - h.headerBytes) % per} bytes of a partial frame after ${frameCount} whole frames`,
      { file: path, hint: 're-export the video' },
    );
  return {
    uri: path,
    info: { width: h.width, height: h.height, fps: h.fps, frameCount },
    frames(range?: FrameRange): AsyncIterable<Frame> {
      const { start, end, stride } = clampRange(range, frameCount);
      return {
        async *[Symbol.asyncIterator]() {
          const fh = await open(path, 'r');
          try {
            const raw = Buffer.alloc(per);
            for (let f = start; f < end; f += stride) {
              const { bytesRead } = await fh.read(raw, 0, per, h.headerBytes + f * per);
              if (bytesRead !== per || raw.toString('latin1', 0, 5) !== 'FRAME')
                throw new InputError(`corrupt Y4M frame ${f} (missing FRAME marker)`, { file: path });
              yield {
                index: f,
                timestamp: f / h.fps,
                width: h.width,
                height: h.height,
                data: yuvToRgb(raw.subarray(6), h),
              };
            }
          } finally {
            await fh.close();
          }
        },
      };
    },
    close() {},
  };
}

function yuvToRgb(p: Uint8Array, h: Y4mHeader): Uint8Array {
  const { width: W, height: H } = h;
  const out = new Uint8ClampedArray(W * H * 3);
  const cw = h.chroma === '420' ? Math.ceil(W / 2) : W;
  const uOff = W * H,
    vOff = h.chroma === '420' ? W * H + cw * Math.ceil(H / 2) : 2 * W * H;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const yy = 1.164 * (p[y * W + x]! - 16);
      let u = 0,
        v = 0;
      if (h.chroma !== 'mono') {
        const ci = h.chroma === '420' ? (y >> 1) * cw + (x >> 1) : y * W + x;
        u = p[uOff + ci]! - 128;
        v = p[vOff + ci]! - 128;
      }
      const o = (y * W + x) * 3;
      out[o] = yy + 1.596 * v;
      out[o + 1] = yy - 0.392 * u - 0.813 * v;
      out[o + 2] = yy + 2.017 * u;
    }
  }
  return new Uint8Array(out.buffer);
}

/** Write RGB frames as a 4:2:0 Y4M file (BT.601 limited range). */
export async function writeY4m(
  path: string,
  frames: AsyncIterable<Frame> | Iterable<Frame>,
  fps: number,
): Promise<number> {
  let fd = -1,
    n = 0;
  try {
    for await (const fr of frames as AsyncIterable<Frame>) {
      const { width: W, height: H, data } = fr;
      if (fd < 0) {
        fd = openSync(path, 'w');
        const [a, b] = Number.isInteger(fps) ? [fps, 1] : [Math.round(fps * 1000), 1000];
        writeSync(fd, `YUV4MPEG2 W${W} H${H} F${a}:${b} Ip A1:1 C420jpeg\n`);
      }
      const cw = Math.ceil(W / 2),
        ch = Math.ceil(H / 2);
      const buf = new Uint8ClampedArray(W * H + 2 * cw * ch);
      for (let i = 0; i < W * H; i++)
        buf[i] = 16 + 0.257 * data[i * 3]! + 0.504 * data[i * 3 + 1]! + 0.098 * data[i * 3 + 2]!;
      for (let cy = 0; cy < ch; cy++)
        for (let cx = 0; cx < cw; cx++) {
          let r = 0,
            g = 0,
            b = 0,
            k = 0;
          for (let dy = 0; dy < 2; dy++)
            for (let dx = 0; dx < 2; dx++) {
              const x = 2 * cx + dx,
                y = 2 * cy + dy;
              if (x < W && y < H) {
                const o = (y * W + x) * 3;
                r += data[o]!;
                g += data[o + 1]!;
                b += data[o + 2]!;
                k++;
              }
            }
          r /= k;
          g /= k;
          b /= k;
          buf[W * H + cy * cw + cx] = 128 - 0.148 * r - 0.291 * g + 0.439 * b;
          buf[W * H + cw * ch + cy * cw + cx] = 128 + 0.439 * r - 0.368 * g - 0.071 * b;
        }
      writeSync(fd, 'FRAME\n');
      writeSync(fd, buf);
      n++;
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  return n;
}
