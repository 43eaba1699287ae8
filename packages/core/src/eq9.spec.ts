import { eq9, eq9Scores } from './eq9';

describe('eq9', () => {
  it('averages the two branches at 0.5 and weights them otherwise', () => {
    expect(eq9(0.2, 0.6)).toBeCloseTo(0.4, 12);
    expect(eq9(0.2, 0.6, 1)).toBe(0.2);
    expect(eq9(0.2, 0.6, 0)).toBe(0.6);
    expect(eq9(0.2, 0.6, 0.75)).toBeCloseTo(0.3, 12);
  });

  it('uses the one present branch of a single-branch model as is', () => {
    expect(eq9(0.7, undefined, 0.3)).toBe(0.7);
    expect(eq9(undefined, 0.1, 0.9)).toBe(0.1);
    expect(() => eq9(undefined, undefined)).toThrow(/both branch scores are absent/);
  });

  it('at 0.5 equals (t + v) / 2 bit for bit in float32 (the trainer and the exported graph compute it so)', () => {
    const t = Float32Array.from([0.1, 0.33, 0.999, 1e-7]);
    const v = Float32Array.from([0.7, 0.01, 0.5, 0.25]);
    expect(Array.from(eq9Scores(t, v))).toEqual(Array.from(t.map((x, i) => (x + v[i]!) / 2)));
  });

  it('checks that the arrays align', () => {
    expect(() => eq9Scores([0.1, 0.2], [0.3])).toThrow(/2 tube scores but 1 temporal/);
    expect(() => eq9Scores(undefined, undefined)).toThrow(/both branch score arrays are absent/);
    expect(Array.from(eq9Scores(undefined, [0.25, 0.5]))).toEqual([0.25, 0.5]);
  });
});
