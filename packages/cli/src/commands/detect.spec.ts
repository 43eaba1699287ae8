import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDetections } from '@wsstad/core';
import { generateBenchmark } from '@wsstad/video';
import { runCommandModule } from '../testing';
import { detectCommand } from './detect';

describe('wsstad detect', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-detect-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('detects every video of a manifest split and writes one artifact each', async () => {
    const { manifestPath } = generateBenchmark({
      preset: 'tiny',
      seed: 5,
      outDir: join(dir, 'ds'),
      overrides: { trainVideos: 1, testVideos: 2 },
    });
    const io = await runCommandModule(detectCommand as never, [
      'detect',
      manifestPath,
      '--out',
      join(dir, 'out'),
      '--split',
      'test',
      '--stride',
      '2',
      '--set',
      'warmupFrames=8',
      '--json',
    ]);
    const res = JSON.parse(io.stdout.join('\n')) as { videos: Array<{ path: string; frames: number }> };
    expect(res.videos).toHaveLength(2);
    for (const v of res.videos) {
      expect(v.frames).toBe(40);
      expect(readDetections(v.path).lineage.stage).toBe('detect');
    }
  });

  it('rejects an unknown detector setting with the valid names', async () => {
    const { manifestPath } = generateBenchmark({
      preset: 'tiny',
      seed: 6,
      outDir: join(dir, 'ds2'),
      overrides: { trainVideos: 0, testVideos: 1 },
    });
    await expect(
      runCommandModule(detectCommand as never, ['detect', manifestPath, '--out', join(dir, 'o2'), '--set', 'warmup=3']),
    ).rejects.toThrow(/unknown detector 'background-subtraction' setting 'warmup'; valid: .*warmupFrames/);
  });
});
