import type { Box } from '@wsstad/core';
import { iouAtEps, localizationScore, localizationScoreUnion, meanIou, type BoxTrack } from './localization';

const TOL = 1e-12;
const A: Box = [0, 0, 10, 10];
const HALF: Box = [0, 0, 10, 5]; // IoU(A, HALF) = 0.5

function track(from: number, to: number, box: Box): BoxTrack {
  const frames = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return { frames, boxes: frames.map(() => box) };
}

describe('localizationScore (eq. 10)', () => {
  it('is 0 when the tubes do not overlap in time', () => {
    expect(localizationScore(track(0, 4, A), track(10, 14, A))).toBe(0);
    expect(localizationScoreUnion(track(0, 4, A), track(10, 14, A))).toBe(0);
  });

  it('counts frames where only one tube has a box as 0 when one is contained in the other', () => {
    // Gamma = frames 0..9; 4 frames with IoU 0.5 -> 2 / 10
    expect(localizationScore(track(0, 9, A), track(2, 5, HALF))).toBeCloseTo(0.2, 12);
    expect(localizationScore(track(2, 5, HALF), track(0, 9, A))).toBeCloseTo(0.2, 12);
    expect(localizationScoreUnion(track(0, 9, A), track(2, 5, HALF))).toBeCloseTo(0.2, 12);
  });

  it('restricts Gamma to frames with detector boxes', () => {
    // Gamma = {0,1,2,3} ∩ frames 0..9 -> frames 2,3 have IoU 0.5 -> 1 / 4; frame 50 is outside both tubes
    expect(localizationScore(track(0, 9, A), track(2, 5, HALF), new Set([0, 1, 2, 3, 50]))).toBeCloseTo(0.25, 12);
  });

  it('uses the later of the two ends for the union (the public-port bug used the earlier one)', () => {
    // gt 0..9, pred 5..14, identical boxes: 5 matching frames over a union of 15 frames = 1/3.
    // The min-end bug would give 5 / 10 = 0.5.
    const gt = track(0, 9, A);
    const pred = track(5, 14, A);
    expect(localizationScoreUnion(gt, pred)).toBeCloseTo(1 / 3, 12);
    expect(Math.abs(localizationScoreUnion(gt, pred) - 0.5)).toBeGreaterThan(0.1);
    expect(localizationScoreUnion(track(0, 4, A), gt)).toBeCloseTo(0.5, 12); // pred ends first: 5 / 10
    expect(localizationScore(gt, pred)).toBeCloseTo(1 / 3, 12);
  });

  it('is 0 for an empty Gamma and for a missing prediction', () => {
    expect(localizationScore(track(0, 9, A), track(0, 9, A), new Set([100]))).toBe(0);
    expect(localizationScore(track(0, 9, A), track(0, 9, A), new Set())).toBe(0);
    expect(localizationScore(track(0, 9, A), null)).toBe(0);
    expect(localizationScoreUnion(track(0, 9, A), null)).toBe(0);
  });

  it('is 1 for identical tubes', () => {
    expect(Math.abs(localizationScore(track(3, 9, A), track(3, 9, A)) - 1)).toBeLessThan(TOL);
  });
});

describe('iouAtEps / meanIou', () => {
  it('uses > by default and >= on request', () => {
    expect(iouAtEps([0.1, 0.3, 0.5], [0.1, 0.3])).toEqual([2 / 3, 1 / 3]);
    expect(iouAtEps([0.1, 0.3, 0.5], [0.1, 0.3], { strict: false })).toEqual([1, 2 / 3]);
  });
  it('averages and handles empty input as 0', () => {
    expect(meanIou([0.1, 0.3, 0.5])).toBeCloseTo(0.3, 12);
    expect(meanIou([])).toBe(0);
    expect(iouAtEps([], [0.1])).toEqual([0]);
  });
});
