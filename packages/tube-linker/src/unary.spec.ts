import { linkTubes } from './link';
import { columns, det, track } from './fixtures';
import type { LinkConfig } from './types';

const UNARY_ONLY: Partial<LinkConfig> = { multivariate: false, maxInstances: 0 };
const link = (dets: Parameters<typeof columns>[0], cfg: Partial<LinkConfig> = {}) =>
  linkTubes(columns(dets), { ...UNARY_ONLY, ...cfg }).tubes;
const boxesOf = (dets: ReturnType<typeof track>) => dets.map((d) => d.box);

describe('unary tubes (Algorithm 1)', () => {
  it('links one smoothly moving object into one tube of its boxes', () => {
    const a = track(0, 12, 0, 0, 2, 0);
    const [t, ...rest] = link(a, { zeta1: 12 });
    expect(rest).toHaveLength(0);
    expect(t!.frames).toEqual([...Array(12).keys()]);
    expect(t!.boxes).toEqual(boxesOf(a));
    expect(t!.kind).toBe('unary');
    expect(t!.score).toBeCloseTo(0.5, 6);
  });

  it('keeps two crossing objects apart (the IoU term wins at the crossing)', () => {
    // A moves right, B left, offset vertically; they coincide in x at frame 10.
    const a = track(0, 21, 0, 0, 2, 0, { score: 0.9 });
    const b = track(0, 21, 40, 3, -2, 0, { score: (f) => (f === 5 ? 0.95 : 0.9) });
    const tubes = link([...a, ...b], { zeta1: 21 });
    expect(tubes).toHaveLength(2);
    // B's frame-5 box is the best seed: B's tube is built (and ranked) first.
    expect(tubes[0]!.boxes).toEqual(boxesOf(b));
    expect(tubes[1]!.boxes).toEqual(boxesOf(a));
  });

  describe("motion: 'constant-velocity' (a tracker's prediction in the IoU term)", () => {
    // 10 px wide; walks 2 px per frame for 5 frames, then runs 9 px per frame: consecutive running boxes
    // overlap by IoU 1/19, below lambda (0.1), so eq. 11 as written cuts the tube where the run starts.
    const runner = [...track(0, 5, 0, 0, 2, 0, { w: 10 }), ...track(5, 20, 17, 0, 9, 0, { w: 10 })];
    it('the paper (none) loses the runner after the walk', () => {
      const tubes = link(runner, { zeta1: 3 });
      expect(tubes.map((t) => [t.frames[0], t.frames.at(-1)])).toEqual([[0, 4]]);
    });
    it('follows it through the run', () => {
      const [t, ...rest] = link(runner, { zeta1: 3, motion: 'constant-velocity' });
      expect(rest).toHaveLength(0);
      expect(t!.frames).toEqual([...Array(20).keys()]);
      expect(t!.boxes).toEqual(boxesOf(runner));
    });
    it('still keeps two crossing objects apart, and changes nothing for slow ones', () => {
      const a = track(0, 21, 0, 0, 2, 0, { score: 0.9 });
      const b = track(0, 21, 40, 3, -2, 0, { score: (f) => (f === 5 ? 0.95 : 0.9) });
      const cv = link([...a, ...b], { zeta1: 21, motion: 'constant-velocity' });
      expect(cv).toEqual(link([...a, ...b], { zeta1: 21 }));
      expect(cv.map((t) => t.boxes)).toEqual([boxesOf(b), boxesOf(a)]);
    });
    it('starts a tube on a runner with no walk before (motionGate: the fallback for the first step)', () => {
      const sprint = track(0, 15, 0, 0, 9, 0, { w: 10 });
      const cv = { zeta1: 3, motion: 'constant-velocity' as const };
      expect(link(sprint, { ...cv, motionGate: 0 })).toHaveLength(0);
      const [t, ...rest] = link(sprint, { ...cv, motionGate: 1.5 });
      expect(rest).toHaveLength(0);
      expect(t!.frames).toEqual([...Array(15).keys()]);
      // the gate is a distance: a jump of 9 px on a 10 x 20 box is 0.64 box sizes, past a gate of 0.5
      expect(link(sprint, { ...cv, motionGate: 0.5 })).toHaveLength(0);
    });
    it('the fallback never outbids an overlapping box', () => {
      const still = track(0, 6, 0, 0, 0, 0, { w: 10, score: 0.5 });
      const near = track(1, 6, 12, 0, 0, 0, { w: 10, score: 0.99 }); // no overlap, 1.2 box sizes away
      const tubes = link([...still, ...near], { zeta1: 5, motion: 'constant-velocity', motionGate: 1.5 });
      expect(tubes.map((t) => t.boxes)).toEqual([boxesOf(near), boxesOf(still)]);
    });
    it('rejects an unknown motion model, listing the valid ones', () => {
      expect(() => link(runner, { motion: 'kalman' as never })).toThrow(/none.*constant-velocity/);
    });
  });

  it('ranks candidates by eq. 11: score + eta * IoU, only above lambda', () => {
    const seed = det(0, [0, 0, 10, 10], 0.99);
    const nearLow = det(1, [0, 0, 10, 20], 0.2); // IoU 0.5: Sl = 0.99 + 0.2 + 1.0
    const farHigh = det(1, [0, 0, 10, 10 / 0.3], 0.9); // IoU 0.3: Sl = 0.99 + 0.9 + 0.6 (wins)
    const [t] = link([seed, nearLow, farHigh], { zeta1: 2 });
    expect(t!.boxes[1]).toEqual(farHigh.box.map(Math.fround));
    // With a heavier IoU weight the nearer box wins.
    const [u] = link([seed, nearLow, farHigh], { zeta1: 2, eta: 10 });
    expect(u!.boxes[1]).toEqual(nearLow.box);
    // IoU exactly 0.1 is not above lambda: nothing links, so no 2-frame tube.
    expect(link([seed, det(1, [0, 0, 10, 100], 1)], { zeta1: 2 })).toHaveLength(0);
  });

  describe('an object vanishing for one frame', () => {
    const a = track(0, 20, 0, 0, 1, 0, { skip: [10] });
    it('splits into two tubes without gap tolerance (the paper)', () => {
      const tubes = link(a, { zeta1: 5 });
      expect(tubes.map((t) => [t.frames[0], t.frames.at(-1)]).sort()).toEqual([
        [0, 9],
        [11, 19],
      ]);
      expect(link(a, { zeta1: 15 })).toHaveLength(0);
    });
    it('bridges the gap with gapTolerance 1, leaving the missing frame out of the tube', () => {
      const tubes = link(a, { zeta1: 20, gapTolerance: 1 });
      expect(tubes).toHaveLength(1);
      expect(tubes[0]!.frames).toEqual([...Array(20).keys()].filter((f) => f !== 10));
    });
    it('gapToleranceSeconds converts with the fps', () => {
      expect(linkTubes(columns(a, 10), { ...UNARY_ONLY, zeta1: 20, gapToleranceSeconds: 0.1 }).tubes).toHaveLength(1);
      expect(linkTubes(columns(a, 10), { ...UNARY_ONLY, zeta1: 20, gapToleranceSeconds: 0.04 }).tubes).toHaveLength(0);
    });
  });

  it('keeps a tube of exactly zeta1 frames and drops one frame shorter', () => {
    expect(link(track(0, 30, 0, 0, 1, 0), { zeta1: 30 })).toHaveLength(1);
    expect(link(track(0, 29, 0, 0, 1, 0), { zeta1: 30 })).toHaveLength(0);
    expect(linkTubes(columns(track(0, 29, 0, 0, 1, 0), 10), { ...UNARY_ONLY, zeta1Seconds: 3 }).tubes).toHaveLength(0);
    expect(linkTubes(columns(track(0, 30, 0, 0, 1, 0), 10), { ...UNARY_ONLY, zeta1Seconds: 3 }).tubes).toHaveLength(1);
  });

  it('deletes the boxes of a dropped short tube too ({B}.delete(T) for every T)', () => {
    // A spurious high-score box H at frame 10 overlaps A_9 but not A_11: its tube takes A_0..A_9 (11 frames),
    // leaving A_10..A_19 (10 frames). With zeta1 = 12 both are dropped; had the dropped tube kept its boxes
    // in the pool, A_10 would have linked back to frame 0 (20 frames).
    const a = track(0, 20, 0, 0, 5, 0); // A_9 = [45, 0, 65, 20], A_11 = [55, 0, 75, 20]
    const h = det(10, [35, 0, 55, 20], 0.99); // IoU 1/3 with A_9, 0 with A_11
    expect(link([...a, h], { zeta1: 12 })).toHaveLength(0);
    const kept = link([...a, h], { zeta1: 10 });
    expect(kept.map((t) => t.frames.length).sort()).toEqual([10, 11]);
  });

  it('breaks ties deterministically: equal linking scores go to the higher score, then smaller x1, y1, x2, y2', () => {
    const seed = det(0, [10, 10, 20, 20], 0.9);
    const left = det(1, [8, 10, 18, 20], 0.5);
    const right = det(1, [12, 10, 22, 20], 0.5);
    for (const order of [
      [seed, left, right],
      [right, left, seed],
    ]) {
      expect(link(order, { zeta1: 2 })[0]!.boxes[1]).toEqual(left.box);
    }
  });

  it('seeds equal scores at the lower frame first (visible in the build order of equal-score tubes)', () => {
    const p = track(5, 15, 0, 0, 1, 0);
    const q = track(0, 10, 300, 300, 1, 0);
    const tubes = link([...p, ...q], { zeta1: 10 });
    expect(tubes.map((t) => t.frames[0])).toEqual([0, 5]);
    expect(tubes.map((t) => t.id)).toEqual([0, 1]);
  });

  it("unaryCategories 'pooled' keeps one tube through a category change, labelled by the majority", () => {
    // a background-subtraction blob named by its aspect: a person who falls reads as 'vehicle' for 4 frames
    const walk = track(0, 12, 0, 0, 1, 0);
    const dets = walk.map((d) => (d.frame >= 6 && d.frame < 10 ? { ...d, category: 'vehicle' } : d));
    expect(link(dets, { zeta1: 5 }).map((t) => [t.category, t.frames.length])).toEqual([['person', 6]]);
    const [t, ...rest] = link(dets, { zeta1: 5, unaryCategories: 'pooled' });
    expect(rest).toHaveLength(0);
    expect(t!.frames).toEqual([...Array(12).keys()]);
    expect(t!.category).toBe('person');
  });

  it('links each category separately', () => {
    const person = track(0, 10, 0, 0, 1, 0, { category: 'person' });
    const car = track(0, 10, 1, 0, 1, 0, { category: 'car', score: 0.9 });
    const tubes = link([...person, ...car], { zeta1: 10 });
    expect(tubes.map((t) => t.category)).toEqual(['car', 'person']);
    expect(tubes[1]!.boxes).toEqual(boxesOf(person));
  });

  it('returns no tubes and no error for empty input', () => {
    const r = linkTubes(columns([], 25, 100));
    expect(r.tubes).toEqual([]);
    expect(r.stats.unaryBuilt).toBe(0);
  });
});
