import type { Box, Category } from '@wsstad/core';
import type { BgsConfig } from '../types';

/** A foreground blob: its bounding box (pixel corners, x2/y2 exclusive) and foreground pixel count. */
export interface Blob {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  pixels: number;
}

/** Gap in pixels between two boxes along the axis where they are farthest apart (<= 0 when they overlap/touch). */
function gap(a: Blob, b: Blob): number {
  const gx = Math.max(a.x1, b.x1) - Math.min(a.x2, b.x2);
  const gy = Math.max(a.y1, b.y1) - Math.min(a.y2, b.y2);
  return Math.max(gx, gy);
}

/**
 * Merge fragments of one object: blobs whose boxes overlap or lie within `distance` pixels become
 * one blob (union box, summed pixels), repeated until no pair qualifies, since a merge can bring a
 * third blob into reach. Components are disjoint, so summed pixels never exceed the union's area.
 */
export function mergeBlobs(blobs: Blob[], distance: number): Blob[] {
  if (distance < 0) return blobs;
  const out = blobs.map((b) => ({ ...b }));
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!,
          b = out[j]!;
        if (gap(a, b) <= distance) {
          out[i] = {
            x1: Math.min(a.x1, b.x1),
            y1: Math.min(a.y1, b.y1),
            x2: Math.max(a.x2, b.x2),
            y2: Math.max(a.y2, b.y2),
            pixels: a.pixels + b.pixels,
          };
          out.splice(j, 1);
          merged = true;
          break;
        }
      }
    }
  }
  return out;
}

/**
 * Confidence from the foreground evidence: sqrt(fill) * (1 - exp(-pixels / scoreAreaScale)), where
 * fill = foreground pixels / box area. A solid, large blob scores near 1; a sparse or tiny one near
 * 0. Always finite and in [0, 1].
 */
export function blobScore(b: Blob, scoreAreaScale: number): number {
  const boxArea = Math.max(1, (b.x2 - b.x1) * (b.y2 - b.y1));
  const fill = Math.min(1, Math.max(0, b.pixels / boxArea));
  const evidence = 1 - Math.exp(-Math.max(0, b.pixels) / scoreAreaScale);
  const s = Math.sqrt(fill) * evidence;
  return Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
}

/**
 * A shape guess, not a classification: tall-narrow -> 'person', wide or large -> 'vehicle', else
 * 'object'. A group of people or an overturned vehicle gets the wrong name.
 */
export function blobCategory(
  b: Blob,
  frameArea: number,
  c: Pick<BgsConfig, 'personAspect' | 'vehicleAspect' | 'vehicleAreaFraction'>,
): Category {
  const w = Math.max(1, b.x2 - b.x1),
    h = Math.max(1, b.y2 - b.y1);
  const large = w * h >= c.vehicleAreaFraction * frameArea;
  if (h / w >= c.personAspect && !large) return 'person';
  if (w / h >= c.vehicleAspect || large) return 'vehicle';
  return 'object';
}

/** The blob's box clipped to the frame. */
export function blobBox(b: Blob, width: number, height: number): Box {
  const x1 = Math.min(Math.max(b.x1, 0), width),
    y1 = Math.min(Math.max(b.y1, 0), height);
  return [x1, y1, Math.max(x1, Math.min(b.x2, width)), Math.max(y1, Math.min(b.y2, height))];
}
