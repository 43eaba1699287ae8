import { mkdtempSync, rmSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeToyDataset } from '@wsstad/mgpr-trainer';
import { runCommandModule } from '../testing';
import { trainCommand } from './train';

describe('wsstad train', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'cli-train-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains a variant from a manifest and an artifacts directory', async () => {
    const { videos } = writeToyDataset(join(dir, 'artifacts'), { videos: 16, dim: 16, seed: 1 });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ videos }));
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ model: { hidden: [16, 4], heads: 4 }, batchAbnormal: 4, batchNormal: 4 }));
    const io = await runCommandModule(trainCommand as never, ['train', '--manifest', join(dir, 'manifest.json'), '--artifacts-dir', join(dir, 'artifacts'), '--out', join(dir, 'model'), '--variant', 'dmrm', '--iterations', '3', '--config', join(dir, 'cfg.json')]);
    const res = JSON.parse(io.stdout.at(-1)!) as { trainVideos: number; validationVideos: number };
    expect(res.trainVideos + res.validationVideos).toBe(16);
    expect(existsSync(join(dir, 'model', 'model.json'))).toBe(true);
  });

  it('fails clearly on an unknown variant', async () => {
    renameSync(join(dir, 'model'), join(dir, 'model-old'));
    await expect(runCommandModule(trainCommand as never, ['train', '--manifest', join(dir, 'manifest.json'), '--artifacts-dir', join(dir, 'artifacts'), '--out', join(dir, 'model'), '--variant', 'nope'])).rejects.toThrow(/valid: .*dmrm/);
  });
});
