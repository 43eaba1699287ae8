import { ArtifactError, type Box } from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';

/**
 * How far (as a fraction of the frame's width / height) a ground-truth box may reach outside the
 * frame before it is rejected. Annotators' boxes often touch or slightly cross the border (a person
 * half out of view); a box mostly outside is a unit or coordinate-order mistake.
 */
export const GT_BOX_MARGIN = 0.25;

/** What the ground truth is checked against: the video as the pipeline decoded it. */
export interface GroundTruthVideoInfo {
  frameCount: number;
  /** 0 or absent = unknown (boxes are then not checked against the frame). */
  width?: number;
  height?: number;
}

/**
 * Check one video's ground truth against the video itself (what the file alone cannot tell):
 * event and `intervals` inside [0, frameCount), intervals not inverted, box frames inside the
 * video and boxes not far outside the frame (GT_BOX_MARGIN). Throws ArtifactError naming the
 * file, the video and the fix; a silent clip would score frames that do not exist.
 */
export function validateGroundTruthFor(
  gt: GroundTruth,
  info: GroundTruthVideoInfo,
  file: string,
  videoId = gt.videoId,
): GroundTruth {
  const fail = (msg: string, hint: string): never => {
    throw new ArtifactError(`video '${videoId}': ${msg}`, { file, hint });
  };
  const ev = gt.event;
  if (!ev) return gt;
  const n = info.frameCount;
  const range = (s: number, e: number, what: string) => {
    if (!Number.isInteger(s) || !Number.isInteger(e))
      fail(`${what} [${s}, ${e}) must have integer frames`, 'write 0-based integer frame numbers');
    if (e <= s)
      fail(
        `${what} [${s}, ${e}) is inverted or empty`,
        'ranges are half-open [start, end) with start < end; swap or fix the frames',
      );
    if (s < 0)
      fail(`${what} [${s}, ${e}) starts before frame 0`, 'frames are 0-based; 1-based annotations need start - 1');
    if (e > n)
      fail(
        `${what} [${s}, ${e}) ends after the video's last frame (the video has ${n} frames)`,
        'check the annotation belongs to this video and its frame rate (annotations at another fps must be rescaled)',
      );
  };
  range(ev.startFrame, ev.endFrame, 'event');
  (ev.intervals ?? []).forEach(([s, e], i) => range(s, e, `event.intervals[${i}]`));
  const w = info.width ?? 0;
  const h = info.height ?? 0;
  ev.frames.forEach((f, i) => {
    if (f < 0 || f >= n)
      fail(
        `event.frames[${i}] = ${f} is outside the video (0..${n - 1})`,
        'drop boxes of frames the video does not have, or fix the frame numbers',
      );
    const b = ev.boxes[i] as Box | undefined;
    if (b && w > 0 && h > 0 && farOutside(b, w, h)) {
      fail(
        `event.boxes[${i}] = [${b.join(', ')}] (frame ${f}) lies far outside the ${w}x${h} frame`,
        'boxes are pixel [x1, y1, x2, y2] in the source resolution; rescale normalised or resized coordinates',
      );
    }
  });
  return gt;
}

function farOutside([x1, y1, x2, y2]: Box, w: number, h: number): boolean {
  const mx = GT_BOX_MARGIN * w;
  const my = GT_BOX_MARGIN * h;
  return x1 < -mx || y1 < -my || x2 > w + mx || y2 > h + my || x2 <= 0 || y2 <= 0 || x1 >= w || y1 >= h;
}
