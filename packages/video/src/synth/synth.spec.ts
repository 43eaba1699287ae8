import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, sha256 } from '@wsstad/core';
import { generateBenchmark, benchmarkStats } from './generate';
import { normalizeSynthConfig, SYNTH_PRESETS } from './presets';
import { SceneRenderer } from './render';
import { loadScene, createSyntheticSource } from './source';
import { loadManifest } from '../manifest/manifest';
import { readGroundTruth } from '../manifest/ground-truth';
import type { SceneSpec } from './types';

/** Pixels of an involved object that differ this much from the background count as visible. */
const VISIBLE_DIFF = 40;

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wsstad-synth-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// One abnormal video per anomaly type, plus normal ones, at the tiny size.
const ALL_TYPES = { trainVideos: 2, testVideos: 10, abnormalShare: 0.6, frames: 64 };

async function frameHashes(scenePath: string): Promise<string[]> {
  const src = createSyntheticSource(scenePath);
  const out: string[] = [];
  for await (const f of src.frames({ stride: 7 })) out.push(sha256(f.data));
  return out;
}

describe('generateBenchmark', () => {
  const a = tmp(),
    b = tmp(),
    c = tmp();
  const ra = generateBenchmark({ preset: 'tiny', seed: 42, outDir: a, overrides: ALL_TYPES });
  const rb = generateBenchmark({ preset: 'tiny', seed: 42, outDir: b, overrides: ALL_TYPES });
  const rc = generateBenchmark({ preset: 'tiny', seed: 43, outDir: c, overrides: ALL_TYPES });
  const m = loadManifest(ra.manifestPath);

  it('is deterministic: same seed gives byte-identical scenes, ground truth and frames', async () => {
    const mb = loadManifest(rb.manifestPath);
    expect(mb.videos).toEqual(m.videos);
    for (const v of m.videos) {
      expect(readFileSync(join(b, v.uri))).toEqual(readFileSync(join(a, v.uri)));
      if (v.groundTruth)
        expect(sha256(readFileSync(join(b, v.groundTruth)))).toBe(sha256(readFileSync(join(a, v.groundTruth))));
    }
    for (const v of m.videos.slice(0, 3))
      expect(await frameHashes(join(b, v.uri))).toEqual(await frameHashes(join(a, v.uri)));
  });

  it('a different seed gives different videos', async () => {
    const mc = loadManifest(rc.manifestPath);
    expect(await frameHashes(join(c, mc.videos[0]!.uri))).not.toEqual(await frameHashes(join(a, m.videos[0]!.uri)));
  });

  it('writes balanced splits; test entries reference ground truth, train entries do not', () => {
    expect(ra.stats.videos).toEqual({ train: { normal: 1, abnormal: 1 }, test: { normal: 4, abnormal: 6 } });
    for (const v of m.videos) {
      if (v.split === 'test') expect(v.groundTruth).toBe(`gt/${v.id}.gt.json`);
      else expect(v.groundTruth).toBeUndefined();
    }
    const types = new Set(m.videos.filter((v) => v.split === 'test' && v.label === 'abnormal').map((v) => v.category));
    expect(types.size).toBe(6);
    expect(benchmarkStats(ra.manifestPath)).toEqual(ra.stats);
  });

  it('normal videos contain no event; abnormal events last 5-25% of the frames', () => {
    for (const v of m.videos) {
      const scene = loadScene(join(a, v.uri));
      if (v.label === 'normal') {
        expect(scene.event).toBeNull();
        expect(v.category).toBe('normal');
        if (v.groundTruth) expect(readGroundTruth(join(a, v.groundTruth)).event).toBeNull();
      } else {
        const e = scene.event!;
        expect(e.type).toBe(v.category);
        // The visible span may be a little shorter than the drawn share (objects leaving early).
        expect((e.endFrame - e.startFrame) / scene.frameCount).toBeGreaterThanOrEqual(0.04);
        expect((e.endFrame - e.startFrame) / scene.frameCount).toBeLessThanOrEqual(0.26);
      }
    }
  });

  it('ground-truth boxes cover every drawn pixel of the objects involved, and those objects are visible', () => {
    for (const v of m.videos.filter((x) => x.split === 'test' && x.label === 'abnormal')) {
      const scene: SceneSpec = loadScene(join(a, v.uri));
      const gt = readGroundTruth(join(a, v.groundTruth!));
      const r = new SceneRenderer(scene);
      const ids = new Int32Array(scene.width * scene.height);
      const involved = new Set(scene.event!.objectIds);
      expect(gt.event!.frames.length).toBeGreaterThan(0);
      let visible = 0,
        outside = 0,
        checked = 0;
      gt.event!.frames.forEach((f, i) => {
        const box = gt.event!.boxes[i]!;
        const own = new Map(gt.objects!.filter((q) => q.frame === f).map((q) => [q.objectId, q.box]));
        const px = r.render(f, ids);
        for (let y = 0; y < scene.height; y++) {
          for (let x = 0; x < scene.width; x++) {
            const id = ids[y * scene.width + x]!;
            if (id < 0) continue;
            checked++;
            const inside = (b: readonly number[]) => x >= b[0]! && x + 1 <= b[2]! && y >= b[1]! && y + 1 <= b[3]!;
            // Every object's own box covers its pixels too.
            if (!inside(own.get(id)!)) outside++;
            if (!involved.has(id)) continue;
            if (!inside(box)) outside++;
            const o = (y * scene.width + x) * 3;
            if (
              Math.abs(px[o]! - r.background[o]!) +
                Math.abs(px[o + 1]! - r.background[o + 1]!) +
                Math.abs(px[o + 2]! - r.background[o + 2]!) >
              VISIBLE_DIFF
            )
              visible++;
          }
        }
      });
      expect(checked).toBeGreaterThan(0);
      expect(outside).toBe(0);
      expect(visible).toBeGreaterThan(gt.event!.frames.length * 5);
    }
  });
});

describe('synth config', () => {
  it('presets are frozen and overrides are parsed and checked', () => {
    expect(Object.isFrozen(SYNTH_PRESETS)).toBe(true);
    expect(Object.isFrozen(SYNTH_PRESETS.small)).toBe(true);
    const c = normalizeSynthConfig('tiny', { frames: '100', layouts: 'road,corridor', writeTrainGroundTruth: 'false' });
    expect(c.frames).toBe(100);
    expect(c.layouts).toEqual(['road', 'corridor']);
    expect(c.writeTrainGroundTruth).toBe(false);
    expect(() => normalizeSynthConfig('tiny', { frames: 'x' })).toThrow(ConfigError);
    expect(() => normalizeSynthConfig('tiny', { framez: 3 })).toThrow(/unknown synth setting 'framez'/);
    expect(() => normalizeSynthConfig('huge')).toThrow(/valid: medium, small, tiny/);
    expect(() => normalizeSynthConfig('tiny', { layouts: 'road,moon' })).toThrow(/layouts/);
  });

  it('the small preset is a benchmark of >100 train and >50 test videos within ~50k frames', () => {
    const s = SYNTH_PRESETS.small;
    expect(s.trainVideos).toBeGreaterThan(100);
    expect(s.testVideos).toBeGreaterThan(50);
    expect((s.trainVideos + s.testVideos) * s.frames).toBeLessThanOrEqual(52000);
  });
});
