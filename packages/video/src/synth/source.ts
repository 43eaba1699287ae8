import { readFileSync } from 'node:fs';
import { InputError } from '@wsstad/core';
import type { Frame, FrameRange, VideoSource } from '../types';
import { SceneRenderer } from './render';
import type { SceneSpec } from './types';

/**
 * Scene files come from a generated benchmark: a pipeline's synthetic dataset cache heals itself
 * on the next run; a standalone benchmark is regenerated with `wsstad synth`.
 */
const SCENE_HINT =
  'rerun the pipeline (a `dataset: { synth }` cache under <store>/datasets/ is checked and regenerated ' +
  'on use), or regenerate a standalone benchmark with `wsstad synth --out <dir>`';

/** Read a `.scene.json` file (InputError when missing or not a scene). */
export function loadScene(path: string): SceneSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(missing ? 'scene file not found' : 'scene file is not valid JSON', {
      file: path,
      hint: SCENE_HINT,
      cause: e,
    });
  }
  const s = raw as Partial<SceneSpec>;
  if (
    !s ||
    s.format !== 'wsstad-scene' ||
    s.version !== 1 ||
    !Number.isInteger(s.width) ||
    !Number.isInteger(s.height) ||
    !Number.isInteger(s.frameCount) ||
    !Array.isArray(s.objects)
  ) {
    throw new InputError('not a synthetic scene description (expected "format": "wsstad-scene", "version": 1)', {
      file: path,
      hint: SCENE_HINT,
    });
  }
  return s as SceneSpec;
}

/** Clamp a frame range to [0, frameCount). */
export function clampRange(
  range: FrameRange | undefined,
  frameCount: number,
): { start: number; end: number; stride: number } {
  const start = Math.max(0, Math.floor(range?.start ?? 0));
  const end = Math.min(frameCount, Math.floor(range?.end ?? frameCount));
  const stride = Math.max(1, Math.floor(range?.stride ?? 1));
  return { start, end, stride };
}

/** A VideoSource that renders a synthetic scene on the fly (frames are random-access and cheap). */
export function createSyntheticSource(scene: SceneSpec | string): VideoSource {
  const spec = typeof scene === 'string' ? loadScene(scene) : scene;
  let renderer: SceneRenderer | null = null;
  return {
    uri: typeof scene === 'string' ? scene : `scene:${spec.id}`,
    info: { width: spec.width, height: spec.height, fps: spec.fps, frameCount: spec.frameCount },
    frames(range?: FrameRange): AsyncIterable<Frame> {
      const { start, end, stride } = clampRange(range, spec.frameCount);
      return {
        async *[Symbol.asyncIterator]() {
          renderer ??= new SceneRenderer(spec);
          for (let f = start; f < end; f += stride) {
            yield {
              index: f,
              timestamp: f / spec.fps,
              width: spec.width,
              height: spec.height,
              data: renderer.render(f),
            };
          }
        },
      };
    },
    close() {
      renderer = null;
    },
  };
}
