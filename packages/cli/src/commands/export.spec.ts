import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBenchmark, openVideo } from '@wsstad/video';
import { runCommandModule } from '../testing';
import { exportCommand } from './export';

const dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('exports a synthetic video with its ground truth to mp4 and a contact sheet', async () => {
  generateBenchmark({
    preset: 'tiny',
    seed: 1,
    outDir: dir,
    overrides: { trainVideos: 0, testVideos: 1, abnormalShare: 1, frames: 40 },
  });
  const out = join(dir, 'v.mp4'),
    sheet = join(dir, 'v.png');
  const io = await runCommandModule(exportCommand as never, [
    'export',
    join(dir, 'scenes/test-000.scene.json'),
    '--gt',
    join(dir, 'gt/test-000.gt.json'),
    '--out',
    out,
    '--sheet',
    sheet,
    '--frames',
    '4',
  ]);
  expect(io.stdout.join('\n')).toMatch(/wrote .*v\.mp4 \(40 frames\)/);
  expect(existsSync(sheet)).toBe(true);
  expect((await openVideo(out)).info.frameCount).toBe(40);
});
