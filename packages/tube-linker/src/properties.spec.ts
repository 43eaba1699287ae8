import { Rng, unionBox, type Box, type Detection, type Tube } from '@wsstad/core';
import { indexDetections } from './detection-index';
import { linkTubes } from './link';
import { linkMultivariate } from './multivariate';
import { columns, randomScene } from './fixtures';
import type { LinkConfig } from './types';

// Seeded scenes small enough for a fast test, with misses so that gaps and fragments occur.
const SEEDS = [1, 2, 3, 4, 5, 6];
const SCENE = { frames: 120, objects: 8, clutter: 3, miss: 0.05 };
const CFG: Partial<LinkConfig> = { zeta1: 5, zeta2: 5, maxInstances: 0 };
const key = (frame: number, b: Box, score: number, cat: string) =>
  `${frame}|${b.map(Math.fround).join(',')}|${Math.fround(score)}|${cat}`;

function inputCounts(dets: readonly Detection[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of dets) {
    const k = key(d.frame, d.box, d.score, d.category);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe.each(SEEDS)('properties on seeded scene %i', (seed) => {
  const dets = randomScene(seed, SCENE);
  const run = (cfg: Partial<LinkConfig> = {}, d: readonly Detection[] = dets) =>
    linkTubes(columns(d, 25, SCENE.frames), { ...CFG, ...cfg }).tubes;
  const base = run();

  it('every unary box is an input detection, and no detection is used twice by unary tubes', () => {
    const left = inputCounts(dets);
    for (const t of base.filter((x) => x.kind === 'unary')) {
      t.frames.forEach((f, i) => {
        const k = key(f, t.boxes[i]!, t.scores[i]!, t.category);
        expect(left.get(k) ?? 0).toBeGreaterThan(0);
        left.set(k, left.get(k)! - 1);
      });
    }
  });

  it('tracked linking (motion, pooled categories) also uses each input detection at most once', () => {
    const left = new Map<string, number>();
    for (const d of dets)
      left.set(key(d.frame, d.box, d.score, ''), (left.get(key(d.frame, d.box, d.score, '')) ?? 0) + 1);
    const tracked = run({ gapTolerance: 2, motion: 'constant-velocity', motionGate: 1.5, unaryCategories: 'pooled' });
    for (const t of tracked.filter((x) => x.kind === 'unary')) {
      t.frames.forEach((f, i) => {
        const k = key(f, t.boxes[i]!, t.scores[i]!, '');
        expect(left.get(k) ?? 0).toBeGreaterThan(0);
        left.set(k, left.get(k)! - 1);
      });
    }
  });

  it('every multivariate box is the union of input boxes of its frame', () => {
    const byFrame = new Map<number, Box[]>();
    for (const d of dets)
      byFrame.set(d.frame, [...(byFrame.get(d.frame) ?? []), d.box.map(Math.fround) as unknown as Box]);
    for (const t of base.filter((x) => x.kind === 'multivariate')) {
      t.frames.forEach((f, i) => {
        const b = t.boxes[i]!;
        // The cluster's boxes lie inside b and their union is b, so the union of all boxes inside b is b.
        const inside = byFrame.get(f)!.filter((x) => x[0] >= b[0] && x[1] >= b[1] && x[2] <= b[2] && x[3] <= b[3]);
        expect(unionBox(inside)).toEqual(b);
      });
    }
  });

  it('no detection joins two multivariate clusters', () => {
    const seen = new Set<number>();
    for (const t of linkMultivariate(indexDetections(columns(dets)), {
      lambda: 0.1,
      gapTolerance: 0,
      cluster: 'seed',
      temporalMatch: 'anyBox',
      crossCategory: true,
      minLength: 1,
    }).tubes) {
      for (const c of t.clusters)
        for (const p of c.positions) {
          expect(seen.has(p)).toBe(false);
          seen.add(p);
        }
    }
  });

  it('tubes are contiguous without gap tolerance, and skip at most gapTolerance frames with it', () => {
    const steps = (ts: Tube[]) => ts.flatMap((t) => t.frames.slice(1).map((f, i) => f - t.frames[i]!));
    expect(new Set(steps(base))).toEqual(new Set(base.some((t) => t.frames.length > 1) ? [1] : []));
    const gapped = run({ gapTolerance: 2 });
    for (const s of steps(gapped)) expect(s >= 1 && s <= 3).toBe(true);
    for (const t of gapped) expect(t.frames.at(-1)! - t.frames[0]! + 1).toBeGreaterThanOrEqual(5);
  });

  it('is independent of the input order of the detections', () => {
    const shuffled = new Rng(`shuffle-${seed}`).shuffle([...dets]);
    expect(run({}, shuffled)).toEqual(base);
    expect(run({ gapTolerance: 1, cluster: 'closure' }, shuffled)).toEqual(
      run({ gapTolerance: 1, cluster: 'closure' }),
    );
  });

  it('respects the cap and keeps the best tubes', () => {
    const capped = run({ maxInstances: 5 });
    expect(capped.length).toBe(Math.min(5, base.length));
    expect(capped.map((t) => t.score)).toEqual(base.slice(0, 5).map((t) => t.score));
  });
});

describe('order independence under heavy ties', () => {
  it('gives the same tubes for any input order when scores are quantised and some boxes duplicated', () => {
    const rng = new Rng('ties');
    const dets = randomScene('ties', SCENE).map((d) => ({ ...d, score: Math.round(d.score * 2) / 2 }));
    const withDups = [...dets, ...dets.filter(() => rng.bool(0.1))];
    const cfgs: Array<Partial<LinkConfig>> = [
      CFG,
      { ...CFG, gapTolerance: 2, cluster: 'closure', mixedLabel: 'majority' },
      { ...CFG, gapTolerance: 2, motion: 'constant-velocity', motionGate: 1.5, unaryCategories: 'pooled' },
    ];
    for (const cfg of cfgs) {
      const base = linkTubes(columns(withDups, 25, SCENE.frames), cfg).tubes;
      expect(base.length).toBeGreaterThan(3);
      for (let k = 0; k < 3; k++) {
        expect(linkTubes(columns(rng.shuffle([...withDups]), 25, SCENE.frames), cfg).tubes).toEqual(base);
      }
    }
  });
});
