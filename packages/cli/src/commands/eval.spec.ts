import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeModel, runFixtureInference } from '@wsstad/evaluator';
import { runCommandModule } from '../testing';
import { evalCommand } from './eval';

// Fixture artifacts are produced through the evaluator's infer stage with a fake model.
async function fixture(dir: string): Promise<void> {
  const { inputs } = await runFixtureInference(dir, createFakeModel(), { abnormal: 3, normal: 3 });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ version: 1, name: 'fixture', videos: inputs.map((i) => i.video) }),
  );
}

describe('wsstad eval', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-eval-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the results table and writes metrics.json', async () => {
    await fixture(dir);
    const io = await runCommandModule(evalCommand as never, [
      'eval',
      '--manifest',
      join(dir, 'manifest.json'),
      '--artifacts',
      join(dir, 'art'),
      '--out',
      join(dir, 'rep'),
      '--no-html',
      '--eps',
      '0.1',
      '0.3',
    ]);
    expect(io.stdout.join('\n')).toMatch(/\| Method \| VAUC \| IoU@0.1 \| IoU@0.3 \| MIoU \| FAR@0.2 \| Frame AUC \|/);
    expect(io.stdout.join('\n')).toMatch(/\| Random \|/);
    const metrics = JSON.parse(readFileSync(join(dir, 'rep', 'metrics.json'), 'utf8'));
    expect(metrics.counts.videos).toBe(6);
  });

  it('--key-frames sets keyFramesPerVideo (recorded in metrics.json) and is range-checked', async () => {
    await runCommandModule(evalCommand as never, [
      'eval',
      '--manifest',
      join(dir, 'manifest.json'),
      '--artifacts',
      join(dir, 'art'),
      '--out',
      join(dir, 'rep3'),
      '--no-html',
      '--key-frames',
      '3',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'rep3', 'metrics.json'), 'utf8')).config.keyFramesPerVideo).toBe(3);
    await expect(
      runCommandModule(evalCommand as never, [
        'eval',
        '--manifest',
        join(dir, 'manifest.json'),
        '--artifacts',
        join(dir, 'art'),
        '--key-frames',
        '0',
      ]),
    ).rejects.toThrow(/keyFramesPerVideo=0 is invalid; allowed: an integer in \[1, 32\]/);
  });

  it('names the missing artifact', async () => {
    await expect(
      runCommandModule(evalCommand as never, [
        'eval',
        '--manifest',
        join(dir, 'manifest.json'),
        '--artifacts',
        join(dir, 'nowhere'),
      ]),
    ).rejects.toThrow(/no 'video-scores' artifact for test video 'abn-0'/);
  });
});
