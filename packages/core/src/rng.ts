import { createHash } from 'node:crypto';

/**
 * Seeded PRNG (sfc32: small, fast, passes PractRand to 2^40, 128-bit state). `fork(label)` derives an
 * independent stream from a label, so adding draws in one component never shifts another's.
 */
export class Rng {
  // The state (a, b, c, d) lives in an Int32Array: as object fields, int32 values outside V8's small-integer
  // range were boxed on every store (~35 ns a draw; dropout masks draw millions per training step).
  private readonly s = new Int32Array(4);
  private spare: number | undefined;

  constructor(seed: number | string) {
    const h = createHash('sha256').update(String(seed)).digest();
    for (let i = 0; i < 4; i++) this.s[i] = h.readUInt32LE(4 * i);
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A child generator whose stream depends only on this generator's seed state and `label`. */
  fork(label: string | number): Rng {
    const s = this.s;
    return new Rng(`${s[0]},${s[1]},${s[2]},${s[3]}/${label}`);
  }

  nextU32(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return mean + std * s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return mean + std * u * m;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}
