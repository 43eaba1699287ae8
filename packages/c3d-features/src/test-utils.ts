import type { Box, Tube, VideoInfo } from '@wsstad/core';
import type { Frame, FrameRange, VideoSource } from '@wsstad/video';

/** Test-only helpers (not exported from the package): tiny deterministic in-memory videos. */
export interface MovingObject {
  /** Box (x1, y1, x2, y2) at frame f, or null when absent. */
  boxAt(f: number): Box | null;
  color: [number, number, number];
}

/** Smoothly textured static background so optical flow and gradients have something to hold on to. */
function background(x: number, y: number): number {
  return 90 + 40 * Math.sin(x / 7) * Math.cos(y / 9) + 20 * Math.sin((x + 2 * y) / 13);
}

export function syntheticVideo(
  width: number,
  height: number,
  frameCount: number,
  objects: readonly MovingObject[],
  uri = 'mem://synthetic',
): VideoSource & { decoded: number } {
  const info: VideoInfo = { width, height, fps: 25, frameCount };
  const src = {
    uri,
    info,
    decoded: 0,
    async *frames(range: FrameRange = {}): AsyncIterable<Frame> {
      const start = range.start ?? 0,
        end = Math.min(range.end ?? frameCount, frameCount),
        stride = range.stride ?? 1;
      for (let f = start; f < end; f += stride) {
        src.decoded++;
        yield renderFrame(width, height, f, objects);
      }
    },
    close() {},
  };
  return src;
}

export function renderFrame(width: number, height: number, f: number, objects: readonly MovingObject[]): Frame {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = background(x, y);
      const p = (y * width + x) * 3;
      data[p] = v;
      data[p + 1] = v;
      data[p + 2] = v;
    }
  for (const o of objects) {
    const b = o.boxAt(f);
    if (!b) continue;
    for (let y = Math.max(0, Math.floor(b[1])); y < Math.min(height, Math.ceil(b[3])); y++) {
      for (let x = Math.max(0, Math.floor(b[0])); x < Math.min(width, Math.ceil(b[2])); x++) {
        // texture tied to the object so its motion is trackable
        const t = 0.6 + 0.4 * Math.sin((x - b[0]) / 2.5) * Math.cos((y - b[1]) / 3.5);
        const p = (y * width + x) * 3;
        data[p] = o.color[0] * t;
        data[p + 1] = o.color[1] * t;
        data[p + 2] = o.color[2] * t;
      }
    }
  }
  return { index: f, timestamp: f / 25, width, height, data };
}

/** A tube following an object over [start, end). */
export function tubeOf(id: number, o: MovingObject, start: number, end: number): Tube {
  const frames: number[] = [],
    boxes: Box[] = [],
    scores: number[] = [];
  for (let f = start; f < end; f++) {
    const b = o.boxAt(f);
    if (!b) continue;
    frames.push(f);
    boxes.push(b);
    scores.push(0.9);
  }
  return { id, kind: 'unary', category: 'person', frames, boxes, scores, score: 0.9 };
}

/** An object of size w x h whose top-left x follows xAt(f). */
export function walker(
  xAt: (f: number) => number,
  y: number,
  w = 14,
  h = 28,
  color: [number, number, number] = [220, 180, 60],
): MovingObject {
  return { color, boxAt: (f) => [xAt(f), y, xAt(f) + w, y + h] };
}
