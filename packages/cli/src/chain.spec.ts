import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClipFeatures, readTubes } from '@wsstad/core';
import { generateBenchmark } from '@wsstad/video';
import { runCli } from './app';
import { collectIO } from './io';

/**
 * The standalone commands chain through one work folder (<work>/<videoId>/<artifact>.arrow): each
 * command's output folder is the next one's input, exactly as README.md's "Commands" section shows.
 * The `tiny` synthetic preset cut to 4 train + 2 test videos of 48 frames, through the real CLI in-process.
 */
describe('standalone commands chain: detect -> link -> features -> train -> eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-chain-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = async (...args: string[]) => {
    const io = collectIO();
    const code = await runCli([...args, '--log-level', 'warn'], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('runs on one work folder, each output feeding the next command', async () => {
    const overrides = { testVideos: 2, frames: 48 };
    const manifest = generateBenchmark({ preset: 'tiny', seed: 0, outDir: join(dir, 'data'), overrides }).manifestPath;
    const work = join(dir, 'work');
    type Entry = { id: string; split: string };
    const entries = (JSON.parse(readFileSync(manifest, 'utf8')) as { videos: Entry[] }).videos;
    const ids = entries.map((v) => v.id);
    expect(ids).toHaveLength(6);

    expect(await cli('detect', manifest, '--out', work)).toMatchObject({ code: 0, err: '' });
    expect(readdirSync(work).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(existsSync(join(work, id, 'detections.arrow'))).toBe(true);

    const link = await cli('link', work, '--zeta1-seconds', '2', '--zeta2-seconds', '1', '--gap-tolerance', '2');
    expect(link).toMatchObject({ code: 0, err: '' });
    for (const id of ids) expect(readTubes(join(work, id, 'tubes.arrow')).lineage.stage).toBe('link');

    expect(await cli('features', manifest, '--work', work)).toMatchObject({ code: 0, err: '' });
    for (const id of ids) expect(readClipFeatures(join(work, id, 'clip-features.arrow')).dim).toBeGreaterThan(0);

    const cfg = join(dir, 'train.json');
    writeFileSync(cfg, JSON.stringify({ subTubes: 2, batchAbnormal: 2, batchNormal: 2, validateEvery: 3 }));
    const model = join(dir, 'model');
    const t = await cli(
      'train',
      '--manifest',
      manifest,
      '--work',
      work,
      '--out',
      model,
      '--iterations',
      '6',
      '--config',
      cfg,
    );
    expect(t).toMatchObject({ code: 0, err: '' });
    expect(existsSync(join(model, 'model.json'))).toBe(true);

    const report = join(dir, 'report');
    const e = await cli(
      'eval',
      '--manifest',
      manifest,
      '--artifacts',
      work,
      '--model',
      model,
      '--out',
      report,
      '--no-html',
      '--no-frames',
    );
    expect(e.err).toBe('');
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/\| Method \| VAUC \|/);
    const metrics = JSON.parse(readFileSync(join(report, 'metrics.json'), 'utf8'));
    expect(metrics.counts.videos).toBe(2);
    const test = entries.filter((x) => x.split === 'test');
    for (const v of test) expect(existsSync(join(work, v.id, 'video-scores.arrow'))).toBe(true);
  }, 120_000);
});
