import { readFileSync } from 'node:fs';
import { ArtifactError, describeJsonError, InputError, writeFileAtomic, type Box } from '@wsstad/core';
import type { GroundTruth } from '../types';

/**
 * Spatio-temporal ground truth file (`*.gt.json`), one per video:
 * {
 *   "format": "wsstad-gt", "version": 1,
 *   "videoId": "test-003", "label": "abnormal",
 *   "event": { "type": "fight", "startFrame": 120, "endFrame": 160,
 *              "frames": [120, 121, ...], "boxes": [[x1, y1, x2, y2], ...] },   // null for normal videos
 *   "objects": [   // optional
 *     { "frame": 0, "objectId": 3, "category": "person", "box": [...], "involved": false }, ...
 *   ]
 * }
 * Frames are 0-based, ranges half-open, boxes pixel x1,y1,x2,y2 in the source resolution.
 * `frames` may skip frames where the event is not visible. ST-UCF-Crime/STRA-style annotations
 * (per-frame boxes of the abnormal event) convert into `event.frames`/`event.boxes` directly.
 */
export const GT_FORMAT = 'wsstad-gt';

export function writeGroundTruth(path: string, gt: GroundTruth): void {
  validateGroundTruth(gt, path);
  writeFileAtomic(path, JSON.stringify({ format: GT_FORMAT, version: 1, ...gt }));
}

export function readGroundTruth(path: string): GroundTruth {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(missing ? 'ground-truth file not found' : `ground-truth file is ${describeJsonError(e)}`, {
      file: path,
      hint: 'regenerate it, or convert annotations with writeGroundTruth',
      cause: e,
    });
  }
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object' || o.format !== GT_FORMAT || o.version !== 1) {
    throw new ArtifactError(`not a ground-truth file (expected "format": "${GT_FORMAT}", "version": 1)`, {
      file: path,
      hint: 'see the ground-truth format in packages/video/README.md',
    });
  }
  const { format: _f, version: _v, ...gt } = o;
  return validateGroundTruth(gt, path);
}

const isBox = (b: unknown): b is Box =>
  Array.isArray(b) &&
  b.length === 4 &&
  b.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
  b[0] <= b[2] &&
  b[1] <= b[3];

/** Structural and consistency checks; throws ArtifactError naming the file and the field. */
export function validateGroundTruth(raw: unknown, file = '<ground truth>'): GroundTruth {
  const fail = (msg: string): never => {
    throw new ArtifactError(msg, { file, hint: 'see the ground-truth format in packages/video/README.md' });
  };
  const g = raw as Record<string, unknown>;
  if (!g || typeof g !== 'object') fail('ground truth must be an object');
  if (typeof g.videoId !== 'string' || !g.videoId) fail("'videoId' must be a non-empty string");
  if (g.label !== 'normal' && g.label !== 'abnormal')
    fail(`'label' must be 'normal' or 'abnormal', got ${JSON.stringify(g.label)}`);
  const ev = g.event as Record<string, unknown> | null | undefined;
  if (ev === undefined) fail("'event' is missing (null for normal videos)");
  if (g.label === 'normal' && ev !== null) fail("a normal video must have 'event': null");
  if (ev !== null) {
    if (g.label !== 'abnormal') fail("an event requires 'label': 'abnormal'");
    if (typeof ev!.type !== 'string') fail("'event.type' must be a string");
    const s = ev!.startFrame,
      e = ev!.endFrame;
    if (!Number.isInteger(s) || !Number.isInteger(e) || (s as number) < 0 || (e as number) <= (s as number))
      fail(`'event.startFrame'/'endFrame' must be integers with 0 <= start < end, got ${s}, ${e}`);
    if (ev!.intervals !== undefined) {
      if (!Array.isArray(ev!.intervals))
        fail("'event.intervals' must be an array of [start, end) frame ranges when present");
      (ev!.intervals as unknown[]).forEach((iv, i) => {
        const [a, b] = Array.isArray(iv) ? (iv as number[]) : [];
        if (
          !Array.isArray(iv) ||
          iv.length !== 2 ||
          !Number.isInteger(a) ||
          !Number.isInteger(b) ||
          a! < 0 ||
          b! <= a!
        ) {
          fail(
            `'event.intervals[${i}]' = ${JSON.stringify(iv)} must be [start, end) with integers 0 <= ` +
              `start < end (inverted or negative ranges are not allowed)`,
          );
        }
        if (a! < (s as number) || b! > (e as number))
          fail(`'event.intervals[${i}]' = [${a}, ${b}] must lie within [startFrame, endFrame) = [${s}, ${e})`);
      });
    }
    const frames = ev!.frames,
      boxes = ev!.boxes;
    if (!Array.isArray(frames) || !Array.isArray(boxes) || frames.length !== boxes.length)
      fail("'event.frames' and 'event.boxes' must be arrays of equal length");
    let prev = -1;
    (frames as unknown[]).forEach((f, i) => {
      if (
        !Number.isInteger(f) ||
        (f as number) <= prev ||
        (f as number) < (s as number) ||
        (f as number) >= (e as number)
      )
        fail(`'event.frames[${i}]' = ${f} must be increasing and within [startFrame, endFrame)`);
      prev = f as number;
      if (!isBox((boxes as unknown[])[i])) fail(`'event.boxes[${i}]' must be [x1, y1, x2, y2] with x1 <= x2, y1 <= y2`);
    });
  }
  if (g.objects !== undefined) {
    if (!Array.isArray(g.objects)) fail("'objects' must be an array when present");
    (g.objects as Array<Record<string, unknown>>).forEach((o, i) => {
      if (
        !o ||
        !Number.isInteger(o.frame) ||
        !Number.isInteger(o.objectId) ||
        typeof o.category !== 'string' ||
        !isBox(o.box) ||
        typeof o.involved !== 'boolean'
      )
        fail(`'objects[${i}]' must be {frame, objectId, category, box, involved}`);
    });
  }
  return g as unknown as GroundTruth;
}
