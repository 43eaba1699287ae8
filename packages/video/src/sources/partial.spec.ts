import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InputError } from '@wsstad/core';
import { locateFfmpeg, probeVideo } from './ffmpeg';
import { openVideo } from './open';
import { partialDecodeVerdict } from './partial';
import type { VideoSource } from '../types';

/** 8 s at 10 fps: the container declares 80 frames. */
const SECONDS = 8;
const FPS = 10;
const DECLARED = SECONDS * FPS;

const dir = mkdtempSync(join(tmpdir(), 'wsstad-partial-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const full = join(dir, 'full.mp4');

/** The first `share` of the file's bytes: a download cut short (faststart: the index survives). */
function truncated(share: number): string {
  const bytes = readFileSync(full);
  const f = join(dir, `cut-${share}.mp4`);
  writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * share)));
  return f;
}

async function count(src: VideoSource): Promise<number> {
  let n = 0;
  for await (const _ of src.frames()) n++;
  src.close();
  return n;
}

beforeAll(() => {
  // Noise keeps the bitrate even over time, so a byte share is roughly a frame share.
  execFileSync(locateFfmpeg(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=96x64:rate=${FPS}`,
    '-vf',
    'noise=alls=30:allf=t',
    '-t',
    String(SECONDS),
    '-pix_fmt',
    'yuv420p',
    '-c:v',
    'libx264',
    '-g',
    '10',
    '-movflags',
    '+faststart',
    full,
  ]);
});

describe('partial decodes', () => {
  it('a complete file decodes all declared frames without a warning', async () => {
    const warnings: string[] = [];
    const src = await openVideo(full, { onWarning: (m) => warnings.push(m) });
    expect(await count(src)).toBe(DECLARED);
    expect(warnings).toEqual([]);
    expect((await probeVideo(full)).expectedFrames).toBe(DECLARED);
  });

  it('a file truncated to a third fails by default, naming the file, the counts and the fix', async () => {
    const cut = truncated(1 / 3);
    const p = await probeVideo(cut);
    expect(p.expectedFrames).toBe(DECLARED);
    expect(p.frameCount).toBeLessThan(DECLARED / 2);
    expect(p.warnings.join('\n')).toMatch(/partial file|Invalid data/);
    const err = await openVideo(cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain(cut);
    expect(msg).toMatch(new RegExp(`decoded \\d+ of the ${DECLARED} frames the container declares`));
    expect(msg).toMatch(/truncated or corrupt/);
    expect(msg).toMatch(/Fix: re-download or re-encode/);
  });

  it("under 'warn' a lightly truncated file decodes what it has and warns once (not hidden)", async () => {
    const cut = truncated(0.8);
    const warnings: string[] = [];
    const src = await openVideo(cut, { onWarning: (m) => warnings.push(m) });
    const n = await count(src);
    expect(n).toBeLessThan(DECLARED);
    expect(n).toBeGreaterThan(DECLARED / 2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(cut);
    expect(warnings[0]).toMatch(/partialDecode 'warn'/);
    expect(src.warnings).toEqual(warnings);
  });

  it("'fail' refuses even a lightly truncated file", async () => {
    await expect(openVideo(truncated(0.8), { partialDecode: 'fail', onWarning: () => undefined })).rejects.toThrow(
      /partialDecode is 'fail'/,
    );
  });

  it('the verdict: tolerance, fail-below share, unknown container length, bad policy', () => {
    expect(partialDecodeVerdict('v.mp4', 79, 80, [])).toBeUndefined(); // 1 frame: within tolerance
    expect(partialDecodeVerdict('v.mp4', 10, NaN, [])).toBeUndefined();
    expect(partialDecodeVerdict('v.mp4', 60, 80, ['partial file'])).toMatch(
      /decoded 60 of the 80 .*ffmpeg: partial file/,
    );
    expect(() => partialDecodeVerdict('v.mp4', 30, 80, [])).toThrow(/below partialDecodeFailBelow 0.5/);
    expect(() => partialDecodeVerdict('v.mp4', 60, 80, [], { partialDecode: 'fail' })).toThrow(InputError);
    expect(() => partialDecodeVerdict('v.mp4', 60, 80, [], { partialDecode: 'maybe' as never })).toThrow(ConfigError);
  });
});
