import { area, clipBox, iou, iouFlat, squareContext, unionBox } from './geometry';
import type { Box } from './types';

const EPS = 1e-9;

describe('geometry', () => {
  it('IoU of identical boxes is 1 and of disjoint boxes 0', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
  });
  it('touching edges do not overlap', () => {
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
  });
  it('partial overlap matches the hand-computed value', () => {
    // intersection 5x10 = 50, union 100 + 100 - 50 = 150
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12);
  });
  it('zero-area boxes have area 0 and IoU 0, even with themselves', () => {
    const z: Box = [5, 5, 5, 10];
    expect(area(z)).toBe(0);
    expect(iou(z, z)).toBe(0);
    expect(iou(z, [0, 0, 10, 10])).toBe(0);
  });
  it('flat IoU agrees with the object form', () => {
    const flat = Float32Array.from([0, 0, 10, 10, 5, 0, 15, 10, 3, 3, 4, 4]);
    expect(Math.abs(iouFlat(flat, 0, 1) - iou([0, 0, 10, 10], [5, 0, 15, 10]))).toBeLessThan(EPS);
    expect(iouFlat(flat, 0, 2)).toBeCloseTo(1 / 100, 12);
  });
  it('union box encloses all and rejects an empty list', () => {
    expect(
      unionBox([
        [0, 5, 3, 6],
        [2, 1, 9, 4],
      ]),
    ).toEqual([0, 1, 9, 6]);
    expect(() => unionBox([])).toThrow(RangeError);
  });
  it('clipping keeps boxes inside the frame and collapses outside ones', () => {
    expect(clipBox([-5, -5, 400, 300], 320, 240)).toEqual([0, 0, 320, 240]);
    const out = clipBox([400, 10, 500, 20], 320, 240);
    expect(area(out)).toBe(0);
  });
  it('square context is centred and square', () => {
    const s = squareContext([10, 10, 30, 50], 0.5);
    expect(s[2] - s[0]).toBeCloseTo(60);
    expect(s[3] - s[1]).toBeCloseTo(60);
    expect((s[0] + s[2]) / 2).toBe(20);
  });
});
