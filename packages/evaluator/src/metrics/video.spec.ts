import { InputError } from '@wsstad/core';
import { falseAlarmRate, videoAuc } from './video';
import { frameLevelAuc, segmentScoresToFrames, frameLabels } from './frame';

describe('videoAuc', () => {
  it('ranks videos by their top-1 score', () => {
    expect(
      videoAuc([
        { score: 0.9, abnormal: true },
        { score: 0.4, abnormal: false },
        { score: 0.4, abnormal: true },
      ]),
    ).toBeCloseTo(0.75, 12);
  });
});

describe('falseAlarmRate', () => {
  it('is the share of normal videos whose score exceeds 0.2 (strict by default)', () => {
    expect(falseAlarmRate([0.1, 0.2, 0.5])).toBeCloseTo(1 / 3, 12);
    expect(falseAlarmRate([0.1, 0.2, 0.5], 0.2, { strict: false })).toBeCloseTo(2 / 3, 12);
    expect(falseAlarmRate([0.1, 0.2, 0.5], 0.05)).toBe(1);
  });
  it('needs a normal video', () => {
    expect(() => falseAlarmRate([])).toThrow(InputError);
  });
});

describe('frame-level AUC', () => {
  it('copies segment scores to frames; uncovered frames get the fill value', () => {
    expect(
      Array.from(
        segmentScoresToFrames(
          [
            [0, 2],
            [2, 5],
          ],
          [0.5, 0.25],
          6,
        ),
      ),
    ).toEqual([0.5, 0.5, 0.25, 0.25, 0.25, 0]);
    expect(Array.from(frameLabels(5, [[1, 3]]))).toEqual([0, 1, 1, 0, 0]);
  });
  it('concatenates all frames of all videos into one ROC (hand-computed)', () => {
    // video A: frames [.8 .8 .2 .2], abnormal [0,2); video B (normal): [.5 .5]
    // positives {.8,.8}, negatives {.2,.2,.5,.5}: every pair ranked right -> 1
    expect(
      frameLevelAuc([
        { scores: [0.8, 0.8, 0.2, 0.2], abnormal: [[0, 2]] },
        { scores: [0.5, 0.5], abnormal: [] },
      ]),
    ).toBe(1);
    // B's frames tie with A's abnormal ones: 4 of 8 pairs tie -> (4 + 4/2) / 8 = 0.75
    expect(
      frameLevelAuc([
        { scores: [0.8, 0.8, 0.2, 0.2], abnormal: [[0, 2]] },
        { scores: [0.8, 0.8], abnormal: [] },
      ]),
    ).toBeCloseTo(0.75, 12);
  });
  it('needs abnormal and normal frames', () => {
    expect(() => frameLevelAuc([{ scores: [0.5, 0.5], abnormal: [] }])).toThrow(/both classes/);
  });
});
