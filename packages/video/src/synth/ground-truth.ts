import type { Box } from '@wsstad/core';
import type { GroundTruth } from '../types';
import { objectBounds } from './shapes';
import { seedInt, statesAt } from './render';
import type { SceneSpec } from './types';

/**
 * Ground truth of a scene, from the same geometry the renderer draws with: every object's box per
 * frame (clipped to the frame) and the event's per-frame union box of the objects involved.
 */
export function sceneGroundTruth(scene: SceneSpec): GroundTruth {
  const seed = seedInt(scene.seed);
  const W = scene.width,
    H = scene.height;
  const involved = new Set(scene.event?.objectIds ?? []);
  const objects: NonNullable<GroundTruth['objects']> = [];
  const eventFrames: number[] = [];
  const eventBoxes: Box[] = [];
  for (let f = 0; f < scene.frameCount; f++) {
    let u: [number, number, number, number] | null = null;
    for (const s of statesAt(scene, seed, f)) {
      const b = objectBounds(s.obj.size, s.x, s.y, s.angle, s.scale);
      const box: Box = [Math.max(0, b[0]), Math.max(0, b[1]), Math.min(W, b[2]), Math.min(H, b[3])];
      const inv = involved.has(s.obj.id);
      objects.push({ frame: f, objectId: s.obj.id, category: s.obj.category, box, involved: inv });
      if (inv && scene.event && f >= scene.event.startFrame && f < scene.event.endFrame) {
        u = u
          ? [Math.min(u[0], box[0]), Math.min(u[1], box[1]), Math.max(u[2], box[2]), Math.max(u[3], box[3])]
          : [...box];
      }
    }
    if (u) {
      eventFrames.push(f);
      eventBoxes.push(u);
    }
  }
  const ev = scene.event;
  return {
    videoId: scene.id,
    label: scene.label,
    event: ev
      ? { type: ev.type, startFrame: ev.startFrame, endFrame: ev.endFrame, frames: eventFrames, boxes: eventBoxes }
      : null,
    objects,
  };
}
