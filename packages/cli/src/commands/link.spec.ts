import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectionsToColumns, readTubes, writeDetections, type Detection } from '@wsstad/core';
import { runCommandModule } from '../testing';
import { linkCommand } from './link';

describe('wsstad link', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-link-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeInput(path = join(dir, 'work', 'v1', 'detections.arrow')): string {
    // One object moving right for 40 frames.
    const dets: Detection[] = Array.from({ length: 40 }, (_, f) => ({
      frame: f,
      box: [f, 0, f + 20, 20],
      score: 0.8,
      category: 'person',
    }));
    writeDetections(path, detectionsToColumns({ width: 320, height: 240, fps: 10, frameCount: 40 }, dets), {
      stage: 'detect',
      codeVersion: 'x',
      paramsHash: 'y',
      inputs: {},
    });
    return path;
  }

  it('writes tubes and videolets next to the detections, prints counts and lengths per kind', async () => {
    writeInput();
    const args = ['link', join(dir, 'work'), '--zeta1-seconds', '4', '--zeta2', '10'];
    const io = await runCommandModule(linkCommand as never, args);
    expect(existsSync(join(dir, 'work', 'v1', 'videolets.arrow'))).toBe(true);
    expect(readTubes(join(dir, 'work', 'v1', 'tubes.arrow')).tubes).toHaveLength(2);
    expect(io.stdout.join('\n')).toMatch(/unary: 1 tubes, length min\/median\/max 40\/40\/40/);
    expect(io.stdout.join('\n')).toMatch(/multivariate: 1 tubes/);
  });

  it('reads the deprecated flat layout, writing the work layout, and says so', async () => {
    writeInput(join(dir, 'old', 'v7.detections.arrow'));
    const io = await runCommandModule(linkCommand as never, ['link', join(dir, 'old'), '--out', join(dir, 'out')]);
    expect(existsSync(join(dir, 'out', 'v7', 'tubes.arrow'))).toBe(true);
    expect(io.stderr.join('\n')).toMatch(/old flat layout .*deprecated/);
  });

  it('drops tubes shorter than the threshold given in seconds', async () => {
    const input = writeInput();
    const io = await runCommandModule(linkCommand as never, [
      'link',
      input,
      '--out',
      dir,
      '--zeta1-seconds',
      '4.1',
      '--zeta2-seconds',
      '5',
      '--json',
    ]);
    expect(existsSync(join(dir, 'v1', 'tubes.arrow'))).toBe(true);
    const r = JSON.parse(io.stdout[0]!);
    expect(r.stats.thresholds).toEqual({ zeta1: 41, zeta2: 50, gapTolerance: 0 });
    expect(r.summary.map((s: { count: number }) => s.count)).toEqual([0, 0]);
  });

  it('rejects a bad parameter with a ConfigError', async () => {
    const input = writeInput();
    await expect(runCommandModule(linkCommand as never, ['link', input, '--lambda', '2'])).rejects.toThrow(/lambda/);
  });
});
