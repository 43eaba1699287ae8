import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clipIndex, clipsForSpan, InputError, meanPool, readClipFeatures, Rng } from '@wsstad/core';
import { encodeNpy, parseNpy } from './npy';
import { importRtfmNpy, importSultaniText } from './public';
import { importPublicFeatures } from './write';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'c3d-imp-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FLOAT_TOL = 1e-6;

describe('public feature importers', () => {
  it('Sultani text: 32 x D lines -> 32 whole-frame rows covering the video in segment order', () => {
    const D = 8;
    const rng = new Rng(1);
    const rows = Array.from({ length: 32 }, () => Array.from({ length: D }, () => rng.uniform(0, 1)));
    const file = join(dir, 'video.txt');
    writeFileSync(file, rows.map((r) => r.map((x) => x.toFixed(6)).join(' ')).join('\n') + '\n');
    const cf = importSultaniText(file, 1000, { dim: D });
    expect(cf.source.every((s) => s === -1)).toBe(true);
    expect(cf.clipStart[0]).toBe(0);
    expect(cf.clipEnd[31]).toBe(992); // 62 whole 16-frame clips
    for (let i = 1; i < 32; i++) expect(cf.clipStart[i]).toBe(cf.clipEnd[i - 1]);
    expect(cf.features[5 * D + 3]).toBeCloseTo(rows[5]![3]!, 5);
    // core's pooling over a segment's span finds exactly that segment
    const all = clipIndex(cf).get(-1)!;
    expect(clipsForSpan(cf, all, cf.clipStart[7]!, cf.clipEnd[7]!)).toEqual([7]);
  });

  it('Sultani text of a short video still gives every segment at least one clip', () => {
    const file = join(dir, 'short.txt');
    writeFileSync(file, Array.from({ length: 32 }, () => '1 2').join('\n'));
    const cf = importSultaniText(file, 100, { dim: 2 });
    for (let i = 0; i < 32; i++) expect(cf.clipEnd[i]! > cf.clipStart[i]!).toBe(true);
  });

  it('Sultani text with a wrong line count is a clear error', () => {
    const file = join(dir, 'bad.txt');
    writeFileSync(file, '1 2 3\n4 5 6\n');
    expect(() => importSultaniText(file, 100, { dim: 3 })).toThrow(/expected 32 lines/);
  });

  it('RTFM [T, 10, D] float32: mean over the 10 crops, one row per 16-frame snippet', () => {
    const T = 5,
      C = 10,
      D = 6;
    const data = Float32Array.from({ length: T * C * D }, (_, i) => i % 7);
    const file = join(dir, 'rtfm.npy');
    writeFileSync(file, encodeNpy([T, C, D], data));
    const cf = importRtfmNpy(file, 75);
    expect(cf.dim).toBe(D);
    expect(Array.from(cf.clipStart)).toEqual([0, 16, 32, 48, 64]);
    expect(Array.from(cf.clipEnd)).toEqual([16, 32, 48, 64, 75]);
    let want = 0;
    for (let c = 0; c < C; c++) want += data[(2 * C + c) * D + 4]! / C;
    expect(Math.abs(cf.features[2 * D + 4]! - want)).toBeLessThan(FLOAT_TOL);
  });

  it('RTFM [T, D] float64 is read and converted', () => {
    const data = Float64Array.from({ length: 3 * 4 }, (_, i) => i / 3);
    const file = join(dir, 'rtfm2.npy');
    writeFileSync(file, encodeNpy([3, 4], data));
    const cf = importRtfmNpy(file);
    expect(cf.dim).toBe(4);
    expect(Array.from(cf.clipEnd)).toEqual([16, 32, 48]);
    expect(cf.features[7]).toBeCloseTo(7 / 3, 6);
  });

  it('rejects big-endian and truncated .npy files', () => {
    const good = encodeNpy([2, 2], Float32Array.of(1, 2, 3, 4));
    expect(() => parseNpy(good.subarray(0, good.length - 4), 'x.npy')).toThrow(InputError);
    const be = Buffer.from(good);
    be.write("'>f4'", be.indexOf("'<f4'"), 'latin1');
    expect(() => parseNpy(be, 'x.npy')).toThrow(/not supported/);
  });

  it('writes a clip-features artifact that core reads and pools', () => {
    const file = join(dir, 'w.npy');
    writeFileSync(
      file,
      encodeNpy(
        [4, 3],
        Float32Array.from({ length: 12 }, (_, i) => i),
      ),
    );
    const out = join(dir, 'w.arrow');
    const r = importPublicFeatures({ format: 'rtfm-npy', file, out, frameCount: 64, videoId: 'v1' });
    expect(r).toEqual({ rows: 4, dim: 3, backbone: 'imported:rtfm-npy/3' });
    const cf = readClipFeatures(out);
    expect(cf.video.frameCount).toBe(64);
    expect(Array.from(meanPool(cf, [0, 1], { l2: 'none' }))).toEqual([1.5, 2.5, 3.5]);
  });

  it('never writes NaN: a NaN in the release is an error and nothing is written', () => {
    const file = join(dir, 'nan.npy');
    writeFileSync(file, encodeNpy([2, 2], Float32Array.of(1, NaN, 3, 4)));
    const out = join(dir, 'nan.arrow');
    expect(() => importPublicFeatures({ format: 'rtfm-npy', file, out })).toThrow(
      /non-finite feature value NaN \(dimension 1\) in the clip of the whole frame, frames \[0, 16\)/,
    );
    expect(require('node:fs').existsSync(out)).toBe(false);
  });
});
