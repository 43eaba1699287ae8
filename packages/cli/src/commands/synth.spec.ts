import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandModule } from '../testing';
import { synthCommand } from './synth';

const dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wsstad synth', () => {
  it('generates a tiny benchmark and prints statistics', async () => {
    const out = join(dir, 'b');
    const io = await runCommandModule(synthCommand as never, [
      'synth',
      '--preset',
      'tiny',
      '--seed',
      '3',
      '--out',
      out,
      '--set',
      'frames=64',
      '--stats',
    ]);
    const text = io.stdout.join('\n');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(text).toMatch(/videos: train normal=2 abnormal=2; test normal=2 abnormal=2/);
    expect(text).toMatch(/mean abnormal-frame share/);
    expect(text).toMatch(/objects per frame: \d+\.\d\d/);
    const again = await runCommandModule(synthCommand as never, [
      'synth',
      '--stats',
      '--manifest',
      join(out, 'manifest.json'),
      '--json',
    ]);
    expect(JSON.parse(again.stdout.join('\n')).stats.totalFrames).toBe(8 * 64);
  });

  it('rejects a malformed --set', async () => {
    await expect(
      runCommandModule(synthCommand as never, [
        'synth',
        '--preset',
        'tiny',
        '--out',
        join(dir, 'c'),
        '--set',
        'frames',
      ]),
    ).rejects.toThrow(/--set expects key=value/);
  });
});
