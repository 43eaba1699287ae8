import { clipIndex, clipsForSpan, meanPool, splitSpan, splitTube } from './instances';
import type { ClipFeatureColumns } from './artifacts/kinds';
import type { Tube } from './types';

const TOL = 1e-6;
/** Whole-frame clips [0,16),[16,32),[32,48) with features [1,0],[0,1],[3,4]; a tube clip [5,21) = [2,2]. */
const CF: ClipFeatureColumns = {
  backbone: 't',
  dim: 2,
  source: Int32Array.from([-1, -1, -1, 7]),
  clipStart: Int32Array.from([0, 16, 32, 5]),
  clipEnd: Int32Array.from([16, 32, 48, 21]),
  features: Float32Array.from([1, 0, 0, 1, 3, 4, 2, 2]),
};

describe('instance pooling', () => {
  const idx = clipIndex(CF);
  it('indexes rows by source', () => {
    expect(idx.get(-1)).toEqual([0, 1, 2]);
    expect(idx.get(7)).toEqual([3]);
  });
  it('takes clips overlapping the span by at least half', () => {
    expect(clipsForSpan(CF, idx.get(-1)!, 0, 48)).toEqual([0, 1, 2]);
    expect(clipsForSpan(CF, idx.get(-1)!, 10, 40)).toEqual([1, 2]); // clip 0 overlaps 6/16 only
    expect(clipsForSpan(CF, idx.get(-1)!, 14, 18)).toEqual([0]); // none by half: the largest overlap (tie -> first)
    expect(clipsForSpan(CF, idx.get(-1)!, 100, 120)).toEqual([2]); // none overlaps: nearest
  });
  it('mean-pools with L2 after, before, both or none', () => {
    expect(Array.from(meanPool(CF, [0, 1], { l2: 'none' }))).toEqual([0.5, 0.5]);
    const after = meanPool(CF, [0, 2], { l2: 'after' }); // mean [2,2] -> unit
    expect(after[0]).toBeCloseTo(Math.SQRT1_2, 6);
    const before = meanPool(CF, [0, 2], { l2: 'before' }); // [1,0] and [0.6,0.8] -> mean [0.8,0.4]
    expect(before[0]).toBeCloseTo(0.8, 6);
    expect(before[1]).toBeCloseTo(0.4, 6);
    expect(() => meanPool(CF, [])).toThrow(/empty set of clips/);
  });
  it('splits spans evenly into non-empty parts', () => {
    expect(splitSpan(0, 10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
    expect(splitSpan(5, 7, 4)).toEqual([
      [5, 6],
      [6, 7],
    ]);
  });
  it('splits a tube into M sub-tubes that partition its frames', () => {
    const t: Tube = {
      id: 1,
      kind: 'unary',
      category: 'person',
      frames: [0, 1, 2, 3, 4],
      boxes: [0, 1, 2, 3, 4].map((i) => [i, i, i + 1, i + 1] as const),
      scores: [1, 1, 0, 0, 0.5],
      score: 0.5,
    };
    const parts = splitTube(t, 2);
    expect(parts.map((p) => p.frames)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(Math.abs(parts[0]!.score - 2 / 3)).toBeLessThan(TOL);
    expect(parts.every((p) => p.id === 1)).toBe(true);
  });
});
