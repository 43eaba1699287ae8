import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UnavailableError } from '@wsstad/core';
import { generateBenchmark } from '../synth/generate';
import { createSyntheticSource } from '../synth/source';
import { exportVideo } from '../export/export-video';
import { openVideo } from './open';
import { probeVideo } from './ffmpeg';
import { writeY4m } from './y4m';
import type { Frame, VideoSource } from '../types';

/** Mean absolute pixel difference allowed after a lossy (x264, yuv420p) round trip. */
const LOSSY_MEAN_ABS = 6;
/** After the 4:2:0 Y4M round trip (chroma subsampling only). */
const Y4M_MEAN_ABS = 6;
const FRAMES = 12;

const dir = mkdtempSync(join(tmpdir(), 'wsstad-src-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { manifestPath } = generateBenchmark({
  preset: 'tiny',
  seed: 5,
  outDir: join(dir, 'bench'),
  overrides: { trainVideos: 0, testVideos: 1, abnormalShare: 1 },
});
const scenePath = join(dir, 'bench', 'scenes', 'test-000.scene.json');
const mp4 = join(dir, 'clip.mp4');

async function collect(src: VideoSource): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const f of src.frames()) out.push(f);
  return out;
}
const meanAbs = (a: Uint8Array, b: Uint8Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
};

describe('openVideo', () => {
  beforeAll(async () => {
    expect(await exportVideo(createSyntheticSource(scenePath), mp4, { range: { end: FRAMES } })).toBe(FRAMES);
  });

  it('opens a synthetic scene with its size, fps and frame count; ranges and strides work', async () => {
    const src = await openVideo('bench/scenes/test-000.scene.json', { baseDir: dir });
    expect(src.info).toEqual({ width: 128, height: 96, fps: 10, frameCount: 80 });
    const idx: number[] = [];
    for await (const f of src.frames({ start: 3, end: 20, stride: 5 })) {
      idx.push(f.index);
      expect(f.data.length).toBe(128 * 96 * 3);
    }
    expect(idx).toEqual([3, 8, 13, 18]);
    expect(manifestPath).toContain('manifest.json');
  });

  it('round-trips an mp4 written by ffmpeg: frame count, size and approximate pixels', async () => {
    const probe = await probeVideo(mp4);
    expect(probe).toMatchObject({ width: 128, height: 96, fps: 10, frameCount: FRAMES });
    const src = await openVideo(mp4);
    expect(src.info).toEqual({ width: 128, height: 96, fps: 10, frameCount: FRAMES });
    const got = await collect(src);
    const want = await collect(createSyntheticSource(scenePath));
    expect(got.map((f) => f.index)).toEqual([...Array(FRAMES).keys()]);
    for (const f of got) expect(meanAbs(f.data, want[f.index]!.data)).toBeLessThan(LOSSY_MEAN_ABS);
    const part: number[] = [];
    for await (const f of src.frames({ start: 4, end: 10, stride: 2 })) part.push(f.index);
    expect(part).toEqual([4, 6, 8]);
    src.close();
  });

  it('resamples and scales through ffmpeg filters', async () => {
    const src = await openVideo(mp4, { fps: 5, width: 64 });
    expect(src.info).toMatchObject({ width: 64, height: 48, fps: 5, frameCount: FRAMES / 2 });
    const got = await collect(src);
    expect(got.length).toBe(FRAMES / 2);
    expect(got[0]!.data.length).toBe(64 * 48 * 3);
  });

  it('reads Y4M (streaming C420 -> RGB)', async () => {
    const y4m = join(dir, 'clip.y4m');
    await writeY4m(y4m, createSyntheticSource(scenePath).frames({ end: 5 }), 10);
    const src = await openVideo(y4m);
    expect(src.info).toEqual({ width: 128, height: 96, fps: 10, frameCount: 5 });
    const got = await collect(src);
    const want = await collect(createSyntheticSource(scenePath));
    for (const f of got) expect(meanAbs(f.data, want[f.index]!.data)).toBeLessThan(Y4M_MEAN_ABS);
    const cut = join(dir, 'cut.y4m');
    copyFileSync(y4m, cut);
    truncateSync(cut, statSync(y4m).size - 100);
    await expect(openVideo(cut)).rejects.toThrow(/cut\.y4m: truncated Y4M/);
  });

  it('gives InputError naming the file for missing, truncated and non-video files', async () => {
    await expect(openVideo(join(dir, 'nope.mp4'))).rejects.toThrow(InputError);
    await expect(openVideo(join(dir, 'nope.mp4'))).rejects.toThrow(/nope\.mp4/);
    const cut = join(dir, 'truncated.mp4');
    // The encoder writes the index at the start (faststart): cut the tail and the moov stays readable
    // but the stream is short; cut the head and the container is unreadable.
    writeFileSync(cut, readFileSync(mp4).subarray(0, 600));
    await expect(openVideo(cut)).rejects.toThrow(InputError);
    await expect(openVideo(cut)).rejects.toThrow(/truncated\.mp4/);
    const txt = join(dir, 'notes.mp4');
    writeFileSync(txt, 'this is not a video\n'.repeat(50));
    await expect(openVideo(txt)).rejects.toThrow(InputError);
    await expect(openVideo(txt)).rejects.toThrow(/notes\.mp4/);
  });

  it('without any ffmpeg, says so naming the option/env var, PATH and the npm package', async () => {
    const none = { env: () => undefined, system: () => undefined, bundled: () => undefined };
    const err = await openVideo(mp4, { ffmpegPath: join(dir, 'no-such-ffmpeg'), locator: none }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UnavailableError);
    const msg = (err as Error).message;
    expect(msg).toContain('no-such-ffmpeg');
    expect(msg).toContain('WSSTAD_FFMPEG');
    expect(msg).toContain("'ffmpeg' on PATH");
    expect(msg).toContain('@ffmpeg-installer/ffmpeg');
  });
});
