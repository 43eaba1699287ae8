import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readClipFeatures, readTubes, readVideolets, silentLogger, type VideoEntry } from '@wsstad/core';
import { normalizeImportFeaturesConfig } from './config';
import { encodeNpy } from './npy';
import { featureFileFor, importFeaturesStage, importVideoFeatures, readFrameCounts, releaseVideolets } from './stage';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'c3d-import-stage-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string, split: 'train' | 'test', label: 'normal' | 'abnormal' = 'abnormal'): VideoEntry => ({
  id,
  uri: `Abuse/${id}.mp4`,
  split,
  label,
  category: label === 'normal' ? 'normal' : 'Abuse',
});
const sultani = (rows: number, dim: number, value: (seg: number, k: number) => number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: dim }, (_, k) => value(i, k).toFixed(4)).join(' ')).join(
    '\n',
  ) + '\n';
const outs = (name: string) => ({
  clipFeatures: join(dir, `${name}.cf.arrow`),
  videolets: join(dir, `${name}.vl.arrow`),
  tubes: join(dir, `${name}.tubes.arrow`),
});

describe('import-features stage', () => {
  it('Sultani text: 32 whole-frame rows, the 32 segments as videolets covering every frame, no tubes', () => {
    const root = join(dir, 's1');
    mkdirSync(join(root, 'feat'), { recursive: true });
    writeFileSync(
      join(root, 'feat', 'Abuse028_x264.txt'),
      sultani(32, 3, (i, k) => i + k / 10),
    );
    writeFileSync(join(root, 'frames.txt'), 'video frames\nAbuse/Abuse028_x264.mp4 1000\n');
    const cfg = normalizeImportFeaturesConfig({ format: 'sultani-txt', dir: 'feat', frameCounts: 'frames.txt' });
    const o = outs('s1');
    const r = importVideoFeatures(cfg, entry('Abuse028_x264', 'test'), root, o);
    expect(r).toMatchObject({ frames: 1000, rows: 32, dim: 3, frameSource: 'file' });
    const cf = readClipFeatures(o.clipFeatures);
    expect(cf.video).toMatchObject({ frameCount: 1000, fps: 30 });
    expect(Array.from(cf.source).every((s) => s === -1)).toBe(true);
    const { videolets } = readVideolets(o.videolets);
    expect(videolets).toHaveLength(32);
    expect(videolets[0]).toEqual({ index: 0, startFrame: 0, endFrame: cf.clipEnd[0] });
    expect(videolets[31]!.endFrame).toBe(1000); // extended past the last whole 16-frame clip (992)
    for (let i = 1; i < 32; i++) expect(videolets[i]!.startFrame).toBe(videolets[i - 1]!.endFrame);
    expect(cf.features[5 * 3 + 1]).toBeCloseTo(5.1, 4);
    expect(readTubes(o.tubes).tubes).toEqual([]);
  });

  it('Sultani frame counts: train videos get a nominal 512, test videos without a count are an error', () => {
    const root = join(dir, 's2');
    mkdirSync(join(root, 'feat'), { recursive: true });
    for (const id of ['a_train', 'a_test'])
      writeFileSync(
        join(root, 'feat', `${id}.txt`),
        sultani(32, 2, () => 1),
      );
    const cfg = normalizeImportFeaturesConfig({ format: 'sultani-txt', dir: 'feat' });
    expect(importVideoFeatures(cfg, entry('a_train', 'train'), root, outs('s2a'), silentLogger)).toMatchObject({
      frames: 512,
      frameSource: 'nominal',
    });
    expect(() => importVideoFeatures(cfg, entry('a_test', 'test'), root, outs('s2b'))).toThrow(ConfigError);
    expect(() => importVideoFeatures(cfg, entry('a_test', 'test'), root, outs('s2b'))).toThrow(
      /no frame count for test video 'a_test'.*\n.*frameCounts/s,
    );
  });

  it('RTFM .npy: 16 frames per snippet, snippets grouped into N videolets as RTFM does, or one per snippet', () => {
    const root = join(dir, 'r1');
    mkdirSync(join(root, 'i3d'), { recursive: true });
    const T = 40,
      C = 10,
      D = 4;
    writeFileSync(
      join(root, 'i3d', 'Abuse001_x264_i3d.npy'),
      encodeNpy(
        [T, C, D],
        Float32Array.from({ length: T * C * D }, (_, i) => Math.floor(i / (C * D))),
      ),
    );
    const v = entry('Abuse001_x264', 'train');
    const o = outs('r1');
    const r = importVideoFeatures(
      normalizeImportFeaturesConfig({ format: 'rtfm-npy', dir: 'i3d', segments: 32 }),
      v,
      root,
      o,
    );
    expect(r).toMatchObject({ frames: 640, rows: 40, dim: 4, frameSource: 'release' });
    const vl = readVideolets(o.videolets).videolets;
    expect(vl).toHaveLength(32);
    // floor(i * 40 / 32): group 0 = snippet 0 (frames 0..16), group 3 = snippets 3..4 (floor(3.75)=3 .. floor(5)=5)
    expect(vl[0]).toEqual({ index: 0, startFrame: 0, endFrame: 16 });
    expect(vl[3]).toEqual({ index: 3, startFrame: 48, endFrame: 80 });
    expect(vl[31]!.endFrame).toBe(640);
    importVideoFeatures(
      normalizeImportFeaturesConfig({ format: 'rtfm-npy', dir: 'i3d', segments: 'release' }),
      v,
      root,
      o,
    );
    expect(readVideolets(o.videolets).videolets).toHaveLength(40);
    expect(readClipFeatures(o.clipFeatures).features[7 * D + 2]).toBeCloseTo(7, 5); // mean over the 10 crops
  });

  it('groups fewer rows than segments by repeating rows (no empty videolet)', () => {
    const vl = releaseVideolets({ clipStart: Int32Array.of(0, 16, 32), clipEnd: Int32Array.of(16, 32, 48) }, 4, 50);
    expect(vl.map((x) => [x.startFrame, x.endFrame])).toEqual([
      [0, 16],
      [0, 16],
      [16, 32],
      [32, 50],
    ]);
  });

  it(
    'declares per-video files for the preflight: the directory when absent, else each feature file; and ' +
      'a missing test frame count',
    () => {
      const root = join(dir, 'p1');
      mkdirSync(root, { recursive: true });
      const cfg = importFeaturesStage.normalizeParams({ format: 'sultani-txt', dir: 'features' });
      const absent = importFeaturesStage.videoFiles!(cfg, entry('x', 'test'), root);
      expect(absent.map((f) => f.name)).toEqual(['features-dir', 'frame-count']);
      expect(absent[0]!.path).toBe(join(root, 'features'));
      mkdirSync(join(root, 'features'));
      const present = importFeaturesStage.videoFiles!(cfg, entry('x', 'train'), root);
      expect(present).toEqual([expect.objectContaining({ name: 'features', path: join(root, 'features', 'x.txt') })]);
      expect(
        featureFileFor({ dir: '/abs/f', pattern: '{split}/{folder}/{id}-{category}.txt' }, entry('v1', 'test'), root),
      ).toBe('/abs/f/test/Abuse/v1-Abuse.txt');
    },
  );

  it('reads frame-count files with headers, paths and commas; rejects bad lines', () => {
    const f = join(dir, 'fc.csv');
    writeFileSync(f, 'name,frames\nTesting/Abuse028_x264.mp4,1412\n# comment\nNormal_Videos_003_x264 900\n');
    expect([...readFrameCounts(f)]).toEqual([
      ['Abuse028_x264', 1412],
      ['Normal_Videos_003_x264', 900],
    ]);
    writeFileSync(f, 'a 10\nb x\n');
    expect(() => readFrameCounts(f)).toThrow(/line 2 must be '<video> <frames>'/);
  });

  it('normalises params with defaults and clear errors', () => {
    expect(normalizeImportFeaturesConfig({ format: 'rtfm-npy', dir: 'd' })).toEqual({
      format: 'rtfm-npy',
      dir: 'd',
      pattern: '{name}_i3d.npy',
      frameCounts: null,
      segments: 32,
      dim: null,
      fps: 30,
    });
    expect(() => normalizeImportFeaturesConfig({ dir: 'd' })).toThrow(
      /needs param 'format'; allowed: "sultani-txt", "rtfm-npy"/,
    );
    expect(() => normalizeImportFeaturesConfig({ format: 'sultani-txt' })).toThrow(
      /needs param 'dir'; allowed: a non-empty string/,
    );
    expect(() => normalizeImportFeaturesConfig({ format: 'sultani-txt', dir: 'd', pattern: '{nme}.txt' })).toThrow(
      /unknown placeholder \{nme\}/,
    );
    expect(() => normalizeImportFeaturesConfig({ format: 'sultani-txt', dir: 'd', pattern: 'all.txt' })).toThrow(
      /pattern="all.txt" is invalid; allowed: a file name containing \{id\} or \{name\}/,
    );
    expect(() => normalizeImportFeaturesConfig({ format: 'sultani-txt', dir: 'd', segmnets: 32 })).toThrow(
      /unknown import-features param 'segmnets'/,
    );
  });
});
