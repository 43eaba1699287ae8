import type { Box } from '@wsstad/core';
import type { Frame, GroundTruth } from '../types';

export type Color = readonly [number, number, number];

/** Boxes to draw on frames: frame index -> boxes, in one colour. */
export interface Overlay {
  color: Color;
  boxes: ReadonlyMap<number, readonly Box[]>;
  /** Line thickness in pixels (default 1). */
  thickness?: number;
  label?: string;
}

export const OVERLAY_COLORS = Object.freeze({
  event: [255, 40, 40] as Color,
  object: [60, 220, 90] as Color,
  prediction: [255, 200, 0] as Color,
});

/** Overlays of a ground truth: the event's union box (red) and, optionally, every object's box (green). */
export function groundTruthOverlays(gt: GroundTruth, opts: { objects?: boolean } = {}): Overlay[] {
  const out: Overlay[] = [];
  if (opts.objects && gt.objects) {
    const m = new Map<number, Box[]>();
    for (const o of gt.objects) {
      const l = m.get(o.frame) ?? [];
      l.push(o.box);
      m.set(o.frame, l);
    }
    out.push({ color: OVERLAY_COLORS.object, boxes: m, label: 'objects' });
  }
  if (gt.event)
    out.push({
      color: OVERLAY_COLORS.event,
      boxes: new Map(gt.event.frames.map((f, i) => [f, [gt.event!.boxes[i]!]])),
      label: gt.event.type,
    });
  return out;
}

/** Overlay of a tube-like track (frames + boxes), e.g. a predicted tube. */
export function tubeOverlay(
  t: { frames: readonly number[]; boxes: readonly Box[] },
  color: Color = OVERLAY_COLORS.prediction,
): Overlay {
  return { color, boxes: new Map(t.frames.map((f, i) => [f, [t.boxes[i]!]])) };
}

/** Draw a box outline into an RGB buffer (box edges in pixel coordinates, clipped). */
export function drawBox(data: Uint8Array, width: number, height: number, box: Box, color: Color, thickness = 1): void {
  const x1 = Math.max(0, Math.floor(box[0])),
    y1 = Math.max(0, Math.floor(box[1]));
  const x2 = Math.min(width - 1, Math.ceil(box[2]) - 1),
    y2 = Math.min(height - 1, Math.ceil(box[3]) - 1);
  if (x1 > x2 || y1 > y2) return;
  const put = (x: number, y: number) => {
    const o = (y * width + x) * 3;
    data[o] = color[0];
    data[o + 1] = color[1];
    data[o + 2] = color[2];
  };
  for (let t = 0; t < thickness; t++) {
    for (let x = x1; x <= x2; x++) {
      if (y1 + t <= y2) put(x, y1 + t);
      if (y2 - t >= y1) put(x, y2 - t);
    }
    for (let y = y1; y <= y2; y++) {
      if (x1 + t <= x2) put(x1 + t, y);
      if (x2 - t >= x1) put(x2 - t, y);
    }
  }
}

/** A copy of the frame's pixels with the overlays of that frame drawn. */
export function drawOverlays(frame: Frame, overlays: readonly Overlay[]): Uint8Array {
  if (overlays.length === 0) return frame.data;
  const data = new Uint8Array(frame.data);
  for (const ov of overlays)
    for (const b of ov.boxes.get(frame.index) ?? [])
      drawBox(data, frame.width, frame.height, b, ov.color, ov.thickness ?? 1);
  return data;
}
