import { ArtifactError } from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';
import { clipInterval, frameLabels, segmentScoresToFrames } from './frame';
import { GT_BOX_MARGIN, validateGroundTruthFor } from './ground-truth';

describe('frame intervals are clipped, never counted from the array end', () => {
  it('an interval with negative bounds labels nothing (TypedArray.fill would label [0, 4))', () => {
    expect(Array.from(frameLabels(5, [[-2, -1]]))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(frameLabels(5, [[-2, 2]]))).toEqual([1, 1, 0, 0, 0]);
    expect(Array.from(frameLabels(5, [[3, 9]]))).toEqual([0, 0, 0, 1, 1]);
    expect(
      Array.from(
        frameLabels(5, [
          [4, 2],
          [7, 9],
        ]),
      ),
    ).toEqual([0, 0, 0, 0, 0]);
  });
  it('segments outside the video or inverted leave the fill value', () => {
    expect(
      Array.from(
        segmentScoresToFrames(
          [
            [-3, -1],
            [3, 1],
            [2, 3],
          ],
          [0.9, 0.8, 0.5],
          4,
          0.1,
        ),
      ).map((x) => +x.toFixed(2)),
    ).toEqual([0.1, 0.1, 0.5, 0.1]);
  });
  it('clipInterval', () => {
    expect(clipInterval(-2, -1, 5)).toBeNull();
    expect(clipInterval(-2, 3, 5)).toEqual([0, 3]);
    expect(clipInterval(2, 99, 5)).toEqual([2, 5]);
    expect(clipInterval(3, 3, 5)).toBeNull();
  });
});

describe('validateGroundTruthFor (ground truth against the decoded video)', () => {
  const gt = (event: Partial<NonNullable<GroundTruth['event']>>): GroundTruth => ({
    videoId: 'v1',
    label: 'abnormal',
    event: {
      type: 'fight',
      startFrame: 2,
      endFrame: 6,
      frames: [2, 3],
      boxes: [
        [0, 0, 10, 10],
        [1, 1, 11, 11],
      ],
      ...event,
    },
  });
  const info = { frameCount: 10, width: 64, height: 48 };
  const err = (g: GroundTruth) => {
    try {
      validateGroundTruthFor(g, info, '/d/gt/v1.gt.json');
    } catch (e) {
      return e as ArtifactError;
    }
    throw new Error('expected a rejection');
  };
  it('accepts a consistent file and normal videos', () => {
    expect(validateGroundTruthFor(gt({}), info, 'f').videoId).toBe('v1');
    expect(validateGroundTruthFor({ videoId: 'n', label: 'normal', event: null }, info, 'f').event).toBeNull();
  });
  it('rejects inverted, negative and beyond-length intervals, naming file, video and fix', () => {
    const inv = err(gt({ intervals: [[5, 3]] }));
    expect(inv).toBeInstanceOf(ArtifactError);
    expect(inv.message).toMatch(/v1.*intervals\[0\] \[5, 3\) is inverted/);
    expect(inv.file).toBe('/d/gt/v1.gt.json');
    expect(inv.hint).toMatch(/start < end/);
    expect(err(gt({ intervals: [[-2, -1]] })).message).toMatch(/before frame 0/);
    expect(err(gt({ startFrame: 2, endFrame: 12, frames: [], boxes: [] })).message).toMatch(/ends after .* 10 frames/);
  });
  it('rejects box frames outside the video and boxes far outside the frame', () => {
    expect(err(gt({ frames: [2, 11], endFrame: 10 })).message).toMatch(/frames\[1\] = 11 is outside/);
    const far = 64 * (1 + GT_BOX_MARGIN) + 1;
    expect(
      err(
        gt({
          boxes: [
            [0, 0, 10, 10],
            [0, 0, far, 10],
          ],
        }),
      ).message,
    ).toMatch(/boxes\[1\].*far outside the 64x48 frame/);
    // a degenerate box at the origin (normalised coordinates scaled by 0) touches no pixel
    expect(
      err(
        gt({
          boxes: [
            [0, 0, 10, 10],
            [0, 0, 0, 0],
          ],
        }),
      ).message,
    ).toMatch(/far outside/);
    // a box slightly crossing the border (within the margin) is accepted
    expect(
      validateGroundTruthFor(
        gt({
          boxes: [
            [-4, -4, 10, 10],
            [50, 40, 68, 50],
          ],
        }),
        info,
        'f',
      ).event!.boxes,
    ).toHaveLength(2);
  });
});
