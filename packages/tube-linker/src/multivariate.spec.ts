import { unionBox } from '@wsstad/core';
import { linkTubes } from './link';
import { linkMultivariate } from './multivariate';
import { indexDetections } from './detection-index';
import { columns, det, track } from './fixtures';
import type { LinkConfig } from './types';

const MULTI_ONLY: Partial<LinkConfig> = { unary: false, maxInstances: 0 };
const link = (dets: Parameters<typeof columns>[0], cfg: Partial<LinkConfig> = {}) =>
  linkTubes(columns(dets), { ...MULTI_ONLY, ...cfg }).tubes;

describe('multivariate tubes (Algorithm 2)', () => {
  it('follows two objects that merge into one cluster and split again, as one tube of union boxes', () => {
    // A and B (40 px wide) approach, overlap from frame ~15 to ~35, then move apart. The seed (frame 25) holds
    // both; each object overlaps its own previous box, so every frame's cluster holds both, D_t = {A_t, B_t},
    // before the merge and after the split alike (Algorithm 2 as written).
    const a = track(0, 41, 0, 0, 2, 0, { w: 40, score: (f) => (f === 25 ? 0.9 : 0.5) });
    const b = track(0, 41, 100, 5, -2, 0, { w: 40, category: 'car' });
    const [t, ...rest] = link([...a, ...b], { zeta2: 41 });
    expect(rest).toHaveLength(0);
    expect(t!.frames).toEqual([...Array(41).keys()]);
    expect(t!.boxes).toEqual(a.map((d, i) => unionBox([d.box, b[i]!.box])));
    expect(t!.scores[25]).toBeCloseTo(0.9, 6);
    expect(t!.scores[0]).toBeCloseTo(0.5, 6);
    expect(t!.category).toBe('mixed');
  });

  it('seed frame: the boxes overlapping the seed; later frames: the boxes overlapping any cluster box', () => {
    // Frame 0: seed S, X overlaps S, far box F does not. Frame 1: Y overlaps only X, Z overlaps nothing.
    const s = det(0, [0, 0, 10, 10], 0.9);
    const x = det(0, [5, 0, 15, 10], 0.5);
    const f = det(0, [100, 100, 110, 110], 0.4);
    const y = det(1, [12, 0, 22, 10], 0.3);
    const z = det(1, [200, 200, 210, 210], 0.2);
    const raw = linkMultivariate(indexDetections(columns([s, x, f, y, z])), {
      lambda: 0.1,
      gapTolerance: 0,
      cluster: 'seed',
      temporalMatch: 'anyBox',
      crossCategory: true,
      minLength: 1,
    }).tubes;
    const ix = indexDetections(columns([s, x, f, y, z]));
    const asBoxes = raw.map((t) =>
      t.clusters.map((c) => c.positions.map((p) => Array.from(ix.boxes.subarray(p * 4, p * 4 + 4))).sort()),
    );
    expect(asBoxes).toEqual([[[s.box, x.box], [y.box]], [[f.box]], [[z.box]]]);
  });

  it("'seed' clusters one hop from the seed (as written); 'closure' adds chains within the frame", () => {
    const s = det(0, [0, 0, 10, 10], 0.9);
    const x = det(0, [6, 0, 16, 10], 0.5); // overlaps S
    const y = det(0, [12, 0, 22, 10], 0.5); // overlaps X only
    expect(link([s, x, y], { zeta2: 1 }).map((t) => t.boxes[0])).toEqual([[0, 0, 16, 10], y.box]);
    expect(link([s, x, y], { zeta2: 1, cluster: 'closure' }).map((t) => t.boxes[0])).toEqual([[0, 0, 22, 10]]);
  });

  it("'unionBox' matches the next frame against the cluster's union box M_t instead of each box", () => {
    const s = det(0, [0, 0, 10, 10], 0.9);
    const x = det(0, [8, 0, 18, 10], 0.5); // IoU(S, X) = 0.11
    const big = det(1, [-10, -10, 28, 20], 0.5); // IoU 0.088 with S and with X, 0.158 with M = [0, 0, 18, 10]
    expect(link([s, x, big], { zeta2: 2 })).toHaveLength(0);
    expect(link([s, x, big], { zeta2: 2, temporalMatch: 'unionBox' })).toHaveLength(1);
  });

  it('clusters across categories by default; crossCategory false keeps the seed category', () => {
    const person = track(0, 10, 0, 0, 1, 0, { score: 0.9 });
    const car = track(0, 10, 5, 0, 1, 0, { category: 'car' });
    const bike = track(0, 10, 8, 0, 1, 0, { category: 'car' }); // overlaps the person box too
    const all = [...person, ...car, ...bike];
    expect(link(all, { zeta2: 10 }).map((t) => t.category)).toEqual(['mixed']);
    expect(link(all, { zeta2: 10, mixedLabel: 'majority' }).map((t) => t.category)).toEqual(['car']);
    const split = link(all, { zeta2: 10, crossCategory: false });
    expect(split.map((t) => t.category)).toEqual(['person', 'car']);
    expect(split[0]!.boxes).toEqual(person.map((d) => d.box));
  });

  it('majority ties go to the smaller category name', () => {
    const a = track(0, 5, 0, 0, 1, 0, { category: 'zebra', score: 0.9 });
    const b = track(0, 5, 2, 0, 1, 0, { category: 'ant' });
    expect(link([...a, ...b], { zeta2: 5, mixedLabel: 'majority' })[0]!.category).toBe('ant');
  });

  it('drops clusters shorter than zeta2 and bridges gaps only with gap tolerance', () => {
    const a = track(0, 20, 0, 0, 1, 0, { skip: [7] });
    expect(link(a, { zeta2: 13 }).map((t) => t.frames.length)).toEqual([]);
    expect(link(a, { zeta2: 12 }).map((t) => t.frames.length)).toEqual([12]);
    expect(link(a, { zeta2: 20, gapTolerance: 1 }).map((t) => t.frames.length)).toEqual([19]);
  });
});
