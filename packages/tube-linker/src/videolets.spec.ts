import { InputError } from '@wsstad/core';
import { makeVideolets } from './videolets';

const spans = (n: number, o = {}) => makeVideolets(n, o).map((v) => [v.startFrame, v.endFrame]);

describe('makeVideolets (Sultani et al. segments)', () => {
  it('cuts 64 clips into 32 segments of two clips each on clip boundaries', () => {
    // linspace(1, 64, 33) rounds to 1, 3, 5, ... except where .5 rounding shifts a boundary.
    const v = makeVideolets(64 * 16);
    expect(v).toHaveLength(32);
    expect(v.map((x) => x.index)).toEqual([...Array(32).keys()]);
    expect(v[0]).toEqual({ index: 0, startFrame: 0, endFrame: 32 });
    for (const x of v) expect(x.startFrame % 16).toBe(0);
    expect(v.at(-1)!.endFrame).toBe(1024);
  });

  it('tiles the video contiguously when it has more clips than segments (boundaries then never repeat)', () => {
    for (const n of [33 * 16, 100 * 16 + 7, 7000]) {
      const s = spans(n);
      expect(s[0]![0]).toBe(0);
      for (let i = 1; i < s.length; i++) expect(s[i]![0]).toBe(s[i - 1]![1]);
      expect(s.at(-1)![1]).toBe(n); // trailing frames that make no whole clip go to the last segment
      for (const [a, b] of s) expect(b).toBeGreaterThan(a!);
    }
  });

  it('matches the boundaries of round(linspace(1, N, 33)) for N = 40 clips', () => {
    const b = Array.from({ length: 33 }, (_, i) => Math.round(1 + (39 * i) / 32));
    const s = spans(40 * 16);
    for (let i = 0; i < 32; i++) expect(s[i]![0]).toBe((b[i]! - 1) * 16);
  });

  it('repeats clips when fewer than segments: 32 non-empty segments, one clip each where boundaries repeat', () => {
    const s = spans(5 * 16);
    expect(s).toHaveLength(32);
    for (const [a, b] of s) {
      expect(b! - a!).toBeGreaterThanOrEqual(16);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThanOrEqual(80);
    }
    // Every frame is covered by some segment.
    const covered = new Set(s.flatMap(([a, b]) => Array.from({ length: b! - a! }, (_, k) => a! + k)));
    expect(covered.size).toBe(80);
    // round(linspace(1, 5, 33)) starts 1, 1, 1, 1, 2: the first four segments are all clip 1.
    expect(s.slice(0, 4)).toEqual([
      [0, 16],
      [0, 16],
      [0, 16],
      [0, 16],
    ]);
  });

  it('gives one segment of the whole video when it is shorter than one clip', () => {
    expect(makeVideolets(10)).toEqual([{ index: 0, startFrame: 0, endFrame: 10 }]);
    expect(spans(16)).toHaveLength(32); // one whole clip: 32 copies of it
  });

  it('takes the number of segments and the clip length as options', () => {
    // 10 clips: round(linspace(1, 10, 5)) = 1, 3, 6, 8, 10.
    expect(spans(100, { segments: 4, clipLength: 10 })).toEqual([
      [0, 20],
      [20, 50],
      [50, 70],
      [70, 100],
    ]);
    expect(spans(100, { segments: 1 })).toEqual([[0, 100]]);
  });

  it('rejects a video without frames', () => {
    expect(() => makeVideolets(0)).toThrow(InputError);
  });
});
