import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeToyDataset } from '@wsstad/mgpr-trainer';
import { runCommandModule } from '../testing';
import { trainCommand } from './train';

describe('wsstad train', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-train-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains a variant from a manifest and an artifacts directory', async () => {
    const { videos } = writeToyDataset(join(dir, 'artifacts'), { videos: 16, dim: 16, seed: 1 });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ videos }));
    writeFileSync(
      join(dir, 'cfg.json'),
      JSON.stringify({ model: { hidden: [16, 4], heads: 4 }, batchAbnormal: 4, batchNormal: 4 }),
    );
    const io = await runCommandModule(trainCommand as never, [
      'train',
      '--manifest',
      join(dir, 'manifest.json'),
      '--artifacts-dir',
      join(dir, 'artifacts'),
      '--out',
      join(dir, 'model'),
      '--variant',
      'dmrm',
      '--iterations',
      '3',
      '--config',
      join(dir, 'cfg.json'),
    ]);
    const res = JSON.parse(io.stdout.at(-1)!) as { trainVideos: number; validationVideos: number };
    expect(res.trainVideos + res.validationVideos).toBe(16);
    expect(existsSync(join(dir, 'model', 'model.json'))).toBe(true);
    // The operating point: held-out normal validation videos' scores and the threshold at 5% false alarms.
    const meta = JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8'));
    const normalVal = videos.filter(
      (v) => meta.training.validationVideos.includes(v.id) && v.label === 'normal',
    ).length;
    expect(normalVal).toBeGreaterThan(0);
    expect(meta.calibration.falseAlarmRate).toBe(0.05);
    expect(meta.calibration.normalScores).toHaveLength(normalVal);
    const k = Math.floor(0.05 * normalVal);
    expect(meta.calibration.threshold).toBe(meta.calibration.normalScores[normalVal - 1 - k]);
    expect(meta.calibration.normalScores.every((x: number) => x >= 0 && x <= 1)).toBe(true);
    // Artifacts without recorded front-end lineage (here: a toy dataset) leave those fields null.
    expect(meta.frontEnd).toMatchObject({ detect: null, link: null, subTubes: 1, pooling: 'after' });
  });

  it('fails clearly on an unknown variant', async () => {
    renameSync(join(dir, 'model'), join(dir, 'model-old'));
    await expect(
      runCommandModule(trainCommand as never, [
        'train',
        '--manifest',
        join(dir, 'manifest.json'),
        '--artifacts-dir',
        join(dir, 'artifacts'),
        '--out',
        join(dir, 'model'),
        '--variant',
        'nope',
      ]),
    ).rejects.toThrow(/variant="nope" is invalid; allowed: .*'dmrm'/);
  });
});
