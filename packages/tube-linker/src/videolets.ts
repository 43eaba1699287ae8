import { InputError, type Videolet } from '@wsstad/core';
import { normalizeVideoletOptions } from './config';
import type { VideoletOptions } from './types';

/**
 * Sultani et al.'s temporal segments over a video's whole clips. With N = floor(frameCount /
 * clipLength) clips and 1-based boundaries b = round(linspace(1, N, segments + 1)), segment i
 * covers clips b[i] .. b[i+1] - 1, or the single clip b[i] when that range is empty (the official
 * script's rule for repeated boundaries, so a video with fewer clips than segments still gets
 * `segments` non-empty segments, some repeating a clip). Departure from the script: the last
 * segment runs to the end of the video (its clip b[last] and any trailing frames that make no
 * whole clip), where the script drops the last clip. A video shorter than one clip gets one
 * segment covering all its frames. Frame ranges are half-open.
 */
export function makeVideolets(frameCount: number, opts: Partial<VideoletOptions> = {}): Videolet[] {
  const { segments, clipLength } = normalizeVideoletOptions(opts);
  if (!Number.isInteger(frameCount) || frameCount <= 0) {
    throw new InputError(`cannot cut a video of ${frameCount} frames into videolets`, {
      hint: 'the video must have at least one frame; check its frameCount metadata',
    });
  }
  const clips = Math.floor(frameCount / clipLength);
  if (clips === 0) return [{ index: 0, startFrame: 0, endFrame: frameCount }];
  const b = Array.from({ length: segments + 1 }, (_, i) => Math.round(1 + ((clips - 1) * i) / segments));
  const out: Videolet[] = [];
  for (let i = 0; i < segments; i++) {
    const ss = b[i]!;
    const last = i === segments - 1;
    const ee = last ? clips : Math.max(ss, b[i + 1]! - 1);
    out.push({ index: i, startFrame: (ss - 1) * clipLength, endFrame: last ? frameCount : ee * clipLength });
  }
  return out;
}
