import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@wsstad/core';
import { runCommandModule } from '../testing';
import { inferCommand } from './infer';
import { frameScoresCsv, frameScoresTarget, removeOrtDebugLog } from './infer-output';

describe('wsstad infer', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-infer-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the model folder and the fix when it holds no model, before any work', async () => {
    await expect(
      runCommandModule(inferCommand as never, ['infer', join(dir, 'x.mp4'), '--model', dir]),
    ).rejects.toThrow(/no model\.json[\s\S]*wsstad models/);
  });

  it('removes its temporary folder also when it fails', async () => {
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ frontEnd: null }));
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('wsstad-infer-')).length;
    // The video's own InputError (not, say, a missing model or config file that also names the path).
    const video = join(dir, 'missing.mp4');
    const err = await runCommandModule(inferCommand as never, ['infer', video, '--model', dir]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message.split('\n')[0]).toBe(`${video}: video file not found`);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('wsstad-infer-')).length).toBe(before);
  });
});

describe('infer output helpers', () => {
  it('frame scores: csv/parquet by name or extension, CSV with time and threshold flag', () => {
    expect(frameScoresTarget('csv', 'v1').path).toMatch(/v1\.frame-scores\.csv$/);
    expect(frameScoresTarget('out/a.parquet', 'v1')).toEqual({ path: 'out/a.parquet', format: 'parquet' });
    expect(() => frameScoresTarget('a.txt', 'v1')).toThrow(/csv, parquet/);
    expect(frameScoresCsv([0.1, 0.5], 10, 0.3)).toBe(
      'frame,time_s,score,above_threshold\n0,0.000,0.100000,0\n1,0.100,0.500000,1\n',
    );
    expect(frameScoresCsv([0.1], undefined, null)).toBe('frame,time_s,score,above_threshold\n0,,0.100000,\n');
  });

  it("removes onnxruntime's mat-debug log of this process only", () => {
    const d = mkdtempSync(join(tmpdir(), 'wsstad-matdbg-'));
    try {
      writeFileSync(join(d, 'mat-debug-123.log'), 'x');
      writeFileSync(join(d, 'mat-debug-456.log'), 'y');
      expect(removeOrtDebugLog(d, 123)).toBe(true);
      expect(readdirSync(d)).toEqual(['mat-debug-456.log']);
      expect(removeOrtDebugLog(d, 123)).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('score formatting', () => {
  it('keeps 3 decimals, but never prints a non-zero score as 0.000', async () => {
    const { fmtScore } = await import('./infer-output');
    expect(fmtScore(0.41234)).toBe('0.412');
    expect(fmtScore(0)).toBe('0.000');
    expect(fmtScore(1.2147e-5)).toBe('0.0000121');
  });
});
