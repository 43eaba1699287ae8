import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFakeUcfCrime } from '@wsstad/c3d-features';
import { loadPipeline, stageOutputPath } from '@wsstad/pipeline';
import { STAGES } from './wiring';
import { runCli } from './app';
import { collectIO } from './io';

/**
 * pipelines/ucf-crime end to end, in-process, through the two documented commands, on a tiny fake
 * UCF-Crime layout (official split/annotation files, Sultani-format features with a planted signal
 * in the event's segments, frame counts; no videos): import-features -> train (temporal-only) ->
 * infer -> evaluate, with frame-level AUC as the headline and no spatial metrics.
 */
const REPO = resolve(__dirname, '..', '..', '..');
/** The pipeline's own training settings are the paper's (3000 iterations of 30 + 30 bags): small ones for the test. */
const PAPER_TRAIN = 'iterations: 3000, batchAbnormal: 30, batchNormal: 30, learningRate: 0.0005';
// lr 0.005: 60 iterations of 4 + 4 bags learn the planted signal (on the default engine).
const TINY_TRAIN =
  'iterations: 60, batchAbnormal: 4, batchNormal: 4, validateEvery: 10, checkpointEvery: 0, learningRate: 0.005';

describe('end to end: pipelines/ucf-crime on imported Sultani features', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-ucf-'));
  const data = join(dir, 'data', 'ucf-crime');
  const pipeline = join(dir, 'pipelines', 'ucf-crime', 'pipeline.yaml');
  const store = join(dir, 'store');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = async (...args: string[]) => {
    const io = collectIO();
    const code = await runCli([...args, '--log-level', 'warn'], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('imports the split files, runs every stage without videos, and reports frame-level AUC above chance', async () => {
    const fake = writeFakeUcfCrime(data, { trainPerLabel: 5, testPerLabel: 3, dim: 16, signal: 2, seed: 3 });
    const yaml = readFileSync(join(REPO, 'pipelines', 'ucf-crime', 'pipeline.yaml'), 'utf8');
    expect(yaml).toContain(PAPER_TRAIN);
    mkdirSync(join(dir, 'pipelines', 'ucf-crime'), { recursive: true });
    writeFileSync(pipeline, yaml.replace(PAPER_TRAIN, TINY_TRAIN));

    const imp = await cli('import', 'ucf-crime-splits', data);
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/manifest\.json: 16 videos \(10 train, 6 test; 8 abnormal\), 6 ground-truth files/);
    expect(fake.videos.some((v) => existsSync(join(data, v.folder, v.file)))).toBe(false); // really no videos

    const r = await cli('run', pipeline, '--store', store);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const s of ['import-features', 'train', 'infer', 'evaluate'])
      expect(r.out).toMatch(new RegExp(`^${s}: \\d+ computed`, 'm'));
    expect(r.out).toMatch(/^import-features: 16 computed/m);
    expect(r.out).toMatch(/^\| Method \| VAUC \| FAR@0.2 \| Frame AUC \|$/m);
    expect(r.out).toMatch(/^\| Ours \(temporal branch\) \|/m);
    expect(r.out).not.toMatch(/^\|.*(IoU|MIoU|Upper Bound)/m);

    const metrics = JSON.parse(
      readFileSync(
        join(
          stageOutputPath(loadPipeline(pipeline, { registry: STAGES, store }), 'evaluate', 'report'),
          'metrics.json',
        ),
        'utf8',
      ),
    );
    expect(metrics.spatial).toBe(false);
    expect(metrics.counts).toMatchObject({ videos: 6, abnormal: 3, normal: 3, localised: 0 });
    const [ours, random] = metrics.rows;
    expect(ours.method).toBe('Ours (temporal branch)');
    expect(random.method).toBe('Random');
    expect(ours.miou).toBeNull();
    // The planted signal sits exactly in the annotated segments: the temporal branch finds it.
    expect(ours.frameAuc).toBeGreaterThan(0.8);
    expect(random.frameAuc).toBeGreaterThan(0.3);
    expect(random.frameAuc).toBeLessThan(0.7);
  }, 120_000);

  it('a second run computes nothing; a replaced feature file recomputes that video only', async () => {
    const again = await cli('run', pipeline, '--store', store);
    expect(again.code).toBe(0);
    for (const s of ['import-features', 'train', 'infer', 'evaluate'])
      expect(again.out).toMatch(new RegExp(`^${s}: 0 computed`, 'm'));
    const test = readFileSync(join(data, 'Anomaly_Test.txt'), 'utf8')
      .split('\n')[0]!
      .split('/')[1]!
      .replace('.mp4', '.txt');
    const f = join(data, 'features', test);
    writeFileSync(f, readFileSync(f, 'utf8').replace(/^(\S+)/, '9.5'));
    const st = await cli('status', pipeline, '--store', store);
    expect(st.out).toMatch(/import-features.*stale/i);
    const r = await cli('run', pipeline, '--store', store, '--until', 'import-features');
    expect(r.out).toMatch(/^import-features: 1 computed, 15 reused/m);
  }, 120_000);
});
