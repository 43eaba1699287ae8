import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClipFeatures, writeTubes, type Box, type Lineage } from '@wsstad/core';
import { encodeNpy } from '@wsstad/c3d-features';
import { writeY4m, type Frame } from '@wsstad/video';
import { runCommandModule } from '../testing';
import { featuresCommand, featuresImportCommand } from './features';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-features-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LINEAGE: Lineage = { stage: 'test', codeVersion: '0', paramsHash: '0', inputs: {} };

function frame(f: number, w: number, h: number): Frame {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const x = i % w,
      y = Math.floor(i / w);
    data.fill(x >= 10 + f && x < 22 + f && y >= 8 && y < 30 ? 220 : 60 + ((x * 7 + y * 3) % 50), i * 3, i * 3 + 3);
  }
  return { index: f, timestamp: f / 25, width: w, height: h, data };
}

describe('wsstad features', () => {
  it('writes a clip-features artifact for a video and its tubes', async () => {
    const W = 64,
      H = 48,
      N = 20;
    await writeY4m(
      join(dir, 'v.y4m'),
      Array.from({ length: N }, (_, f) => frame(f, W, H)),
      25,
    );
    const boxes: Box[] = Array.from({ length: 12 }, (_, i) => [10 + i, 8, 22 + i, 30]);
    writeTubes(
      join(dir, 't.arrow'),
      { width: W, height: H, fps: 25, frameCount: N },
      [
        {
          id: 0,
          kind: 'unary',
          category: 'person',
          frames: boxes.map((_, i) => i),
          boxes,
          scores: boxes.map(() => 1),
          score: 1,
        },
      ],
      LINEAGE,
    );
    const out = join(dir, 'f.arrow');
    const io = await runCommandModule(featuresCommand as never, [
      'features',
      join(dir, 'v.y4m'),
      '--tubes',
      join(dir, 't.arrow'),
      '--out',
      out,
    ]);
    expect(io.stdout.join('\n')).toMatch(/3 clips x 632 \(hog-hof-mbh-v1\/3x3x2\)/);
    const cf = readClipFeatures(out);
    expect(Array.from(cf.source)).toEqual([-1, -1, 0]);
  });

  it('imports an RTFM .npy release', async () => {
    const file = join(dir, 'r.npy');
    writeFileSync(
      file,
      encodeNpy(
        [3, 10, 4],
        Float32Array.from({ length: 120 }, (_, i) => i % 5),
      ),
    );
    const io = await runCommandModule(featuresImportCommand as never, [
      'features-import',
      'rtfm-npy',
      file,
      '--out',
      join(dir, 'r.arrow'),
    ]);
    expect(io.stdout[0]).toMatch(/3 whole-frame rows x 4/);
  });
});
