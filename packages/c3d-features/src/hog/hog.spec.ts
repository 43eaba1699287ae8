import { DEFAULT_HOG_HOF_MBH } from '../defaults';
import { extractClipFeatures } from '../extract';
import { syntheticVideo, tubeOf, walker, type MovingObject } from '../test-utils';
import type { ClipBackbone } from '../types';
import { createHogHofMbhBackbone } from './backbone';
import { GLOBAL_LEN, SERIES_STATS } from './clip';
import type { HogFrameRecord } from './frame';

const GRID = { clipLength: 16, stride: 16, minTailFrames: 4 };
/** Offsets inside a series' statistics block (see clip.ts seriesStats). */
const MEAN_SPEED = 0,
  ACC_MEAN = 3,
  REVERSAL = 5,
  HALF_DROP = 6,
  STRAIGHT = 8;

let bb: ClipBackbone<HogFrameRecord>;
beforeAll(async () => {
  bb = await createHogHofMbhBackbone(DEFAULT_HOG_HOF_MBH, 0.25);
});
afterAll(() => bb.dispose());

async function tubeFeature(o: MovingObject, frames = 16, width = 160, height = 120): Promise<Float32Array> {
  const cf = await extractClipFeatures(syntheticVideo(width, height, frames, [o]), [tubeOf(1, o, 0, frames)], bb, {
    grid: GRID,
    wholeFrame: false,
  });
  expect(cf.features.every(Number.isFinite)).toBe(true);
  return cf.features.slice(0, cf.dim);
}
const dist = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));
/** Flow-series stat k and tube-box-series stat k. */
const flowStat = (f: Float32Array, k: number) => f[f.length - GLOBAL_LEN + k]!;
const boxStat = (f: Float32Array, k: number) => f[f.length - GLOBAL_LEN + SERIES_STATS + k]!;

describe('hog-hof-mbh backbone', () => {
  it('names itself and has the documented dimension (3x3 cells x 2 temporal x 33 + 38)', () => {
    expect(bb.id).toBe('hog-hof-mbh-v1/3x3x2');
    expect(bb.dim).toBe(3 * 3 * 2 * 33 + 38);
  });

  it('separates smooth motion from an abrupt stop and from jitter', async () => {
    const smoothA = await tubeFeature(walker((f) => 20 + 2 * f, 40));
    const smoothB = await tubeFeature(walker((f) => 60 + 2 * f, 60, 14, 28, [200, 120, 90]));
    const stop = await tubeFeature(walker((f) => 20 + 2 * Math.min(f, 8), 40));
    const jitter = await tubeFeature(walker((f) => 40 + (f % 2 ? 3 : -3), 40));
    const same = dist(smoothA, smoothB);
    expect(dist(smoothA, stop)).toBeGreaterThan(2 * same);
    expect(dist(smoothA, jitter)).toBeGreaterThan(2 * same);
    // and for the reasons we expect: a stop loses speed half to half, jitter reverses and goes nowhere
    for (const stat of [flowStat, boxStat]) {
      expect(stat(stop, HALF_DROP)).toBeGreaterThan(stat(smoothA, HALF_DROP) + 0.5);
      expect(stat(jitter, REVERSAL)).toBeGreaterThan(0.8);
      expect(stat(smoothA, REVERSAL)).toBeLessThan(0.2);
      expect(stat(jitter, STRAIGHT)).toBeLessThan(0.5 * stat(smoothA, STRAIGHT));
      expect(stat(jitter, ACC_MEAN)).toBeGreaterThan(stat(smoothA, ACC_MEAN) + 1);
    }
    expect(flowStat(smoothA, MEAN_SPEED)).toBeGreaterThan(0.5);
  });

  it('a still object has no motion; a faster one has more', async () => {
    const still = await tubeFeature(walker(() => 40, 40));
    const slow = await tubeFeature(walker((f) => 20 + f, 40));
    const fast = await tubeFeature(walker((f) => 20 + 3 * f, 40));
    expect(flowStat(still, MEAN_SPEED)).toBeLessThan(0.2);
    expect(flowStat(fast, MEAN_SPEED)).toBeGreaterThan(flowStat(slow, MEAN_SPEED));
  });

  it('handles a tube touching and crossing the frame border (edge replication, finite features)', async () => {
    const f = await tubeFeature(
      walker((t) => -6 + t, 100, 14, 28),
      16,
      160,
      120,
    );
    expect(f.some((v) => v !== 0)).toBe(true);
  });

  it('a tube shorter than a clip gets one clip over its real frames', async () => {
    const o = walker((f) => 20 + 2 * f, 40);
    const cf = await extractClipFeatures(syntheticVideo(160, 120, 30, [o]), [tubeOf(3, o, 4, 9)], bb, {
      grid: GRID,
      wholeFrame: false,
    });
    expect(Array.from(cf.clipStart)).toEqual([4]);
    expect(Array.from(cf.clipEnd)).toEqual([9]);
    expect(cf.features.every(Number.isFinite)).toBe(true);
  });
});
