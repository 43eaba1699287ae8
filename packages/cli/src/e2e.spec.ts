import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { loadPipeline, stageOutputPath } from '@wsstad/pipeline';
import { STAGES } from './wiring';
import { createSyntheticSource, exportVideo, probeVideo } from '@wsstad/video';
import { runCli } from './app';
import { collectIO } from './io';

/**
 * The whole method on the `tiny` synthetic preset through the real CLI, in-process: synth ->
 * detect -> link -> features -> train -> infer -> evaluate, then the cache behaviour users rely on.
 */
const REPO = resolve(__dirname, '..', '..', '..');

describe('end to end: pipelines/synthetic-tiny', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-e2e-'));
  const pipeline = join(dir, 'pipeline.yaml');
  const store = join(dir, 'store');
  copyFileSync(join(REPO, 'pipelines', 'synthetic-tiny', 'pipeline.yaml'), pipeline);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = async (...args: string[]) => {
    const io = collectIO();
    const code = await runCli([...args, '--log-level', 'warn'], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('runs every stage and prints the results table and the report path', async () => {
    const r = await cli('run', pipeline, '--store', store);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const s of ['detect', 'link', 'features', 'train', 'infer', 'evaluate'])
      expect(r.out).toMatch(new RegExp(`^${s}: \\d+ computed`, 'm'));
    expect(r.out).toMatch(/\| *Method *\|/i);
    expect(r.out).toMatch(/VAUC/);
    expect(r.out).toMatch(/Upper Bound/);
    const html = /HTML report: (.*report\.html)/.exec(r.out)?.[1];
    expect(html).toBeDefined();
    expect(readFileSync(html!, 'utf8')).toMatch(/<svg/);
    // The model's path comes last; the model records the front end it was trained on.
    const model = /^Model: (\S+)/m.exec(r.out)?.[1];
    expect(model).toBe(stageOutputPath(loadPipeline(pipeline, { registry: STAGES, store }), 'train', 'model'));
    const meta = JSON.parse(readFileSync(join(model!, 'model.json'), 'utf8'));
    expect(meta.frontEnd.link).toMatchObject({ zeta1Seconds: 2, zeta2Seconds: 1, gapTolerance: 2 });
    expect(meta.frontEnd.detect.detector.kind).toBe('background-subtraction');
    expect(meta.frontEnd).toMatchObject({
      backbone: expect.stringMatching(/^hog-hof-mbh/),
      subTubes: 2,
      pooling: 'after',
    });
    // Inference scores the candidates the model was trained on; tubes and ranges are cut at the single-candidate
    // operating point.
    expect(meta.candidates).toEqual({
      subTubes: 2,
      maxTubes: expect.any(Number),
      multivariate: true,
      pooling: 'after',
    });
    expect(meta.calibration.candidate.threshold).toEqual(expect.any(Number));
    const m = await cli('models', pipeline, '--store', store, '--json');
    const listed = JSON.parse(m.out);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ stage: 'train', path: model, current: true, variant: 'mgpr' });
    expect(listed[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(listed[0].metrics.vauc).toEqual(expect.any(Number));
    // --all reads every key file of the stage through the store: a torn one is skipped, not a crash.
    const keyDir = join(store, 'keys', 'train');
    const sub = readdirSync(keyDir).sort()[0]!;
    writeFileSync(join(keyDir, sub, `${'0'.repeat(64)}.json`), '{"torn": ');
    const all = JSON.parse((await cli('models', pipeline, '--store', store, '--json', '--all')).out);
    expect(all.map((x: { hash: string }) => x.hash)).toEqual([listed[0].hash]);
  }, 600_000);

  it('infer scores an ffmpeg-written mp4 and a scene, writes the annotated video, rejects a corrupt file', async () => {
    const p = loadPipeline(pipeline, { registry: STAGES, store });
    const model = stageOutputPath(p, 'train', 'model');
    const datasets = join(store, 'datasets');
    const sceneDir = join(datasets, readdirSync(datasets).sort()[0]!, 'scenes');
    const scene = join(sceneDir, 'test-001.scene.json');
    const mp4 = join(dir, 'new.mp4');
    const src = await createSyntheticSource(scene);
    await exportVideo(src, mp4);
    src.close();
    const annotated = join(dir, 'annotated.mp4');
    const csv = join(dir, 'scores.csv');
    const tmpBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('wsstad-infer-')).length;
    const r = await cli('infer', mp4, '--model', model, '--top', '2', '--annotate', annotated, '--frame-scores', csv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/new\.mp4: anomaly score \d\.\d{3}/);
    expect(r.out).toMatch(/^anomalous time ranges/m);
    // The scene has moving objects: tubes must be found and ranked (no silent 'no tubes' pass).
    expect(r.out).not.toMatch(/no tubes/);
    // Each tube line shows its ranking score and the eq. 9 score the threshold is compared with.
    expect(r.out).toMatch(
      /#1 tube \d+ part \d+ +score \d\.\d{3} \(ranking; eq\. 9 \d\.\d{3}( (>|<=) threshold \d\.\d{3})?\)/,
    );
    // The annotated video: every frame, taller by the score strip.
    const probe = await probeVideo(annotated);
    expect(probe.frameCount).toBe(src.info.frameCount);
    expect(probe.height).toBeGreaterThan(src.info.height);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(src.info.frameCount + 1);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('wsstad-infer-')).length).toBe(tmpBefore);
    const s = await cli('infer', scene, '--model', model);
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/anomaly score/);
    expect(s.err).toBe(''); // the model's own front end: no warning
    expect(s.out).toMatch(/^verdict: (NORMAL|ABNORMAL) +\(score \d\.\d{3} (>|<=) threshold \d\.\d{3}/m);
    const o = await cli('infer', scene, '--model', model, '--detector', 'background-subtraction:warmupFrames=3');
    expect(o.code).toBe(0);
    expect(o.err).toMatch(/differ from the ones the model was trained with.*detect\.detector\.warmupFrames/);
    const bad = join(dir, 'corrupt.mp4');
    writeFileSync(bad, Buffer.from(readFileSync(mp4)).subarray(0, 300));
    const b = await cli('infer', bad, '--model', model);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/corrupt\.mp4/);
  }, 300_000);

  it('a second run computes nothing', async () => {
    const r = await cli('run', pipeline, '--store', store);
    expect(r.code).toBe(0);
    for (const s of ['detect', 'link', 'features', 'train', 'infer', 'evaluate'])
      expect(r.out).toMatch(new RegExp(`^${s}: 0 computed`, 'm'));
  }, 120_000);

  it('status explains a changed linker param, and the rerun recomputes from link on', async () => {
    writeFileSync(pipeline, readFileSync(pipeline, 'utf8').replace('gapTolerance: 2', 'gapTolerance: 3'));
    const s = await cli('status', pipeline, '--store', store);
    expect(s.out).toMatch(/link.*stale/i);
    expect(s.out).toMatch(/gapTolerance: 2 -> 3/);
    expect(s.out).toMatch(/detect.*up to date/i);
    const r = await cli('run', pipeline, '--store', store);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^detect: 0 computed/m);
    expect(r.out).toMatch(/^link: [1-9]\d* computed/m);
  }, 600_000);

  it('diagnose prints the ladder on the cached artifacts (GT-labelled ceiling, plain MIL, the method)', async () => {
    const r = await cli('diagnose', pipeline, '--store', store, '--bootstrap', '50');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const row of ['Best-candidate oracle', 'Fully-supervised ceiling', 'Plain MIL baseline', 'The method']) {
      expect(r.out).toMatch(new RegExp(`^\\| ${row}`, 'm'));
    }
    expect(r.out).toMatch(/DIAGNOSTIC, not a method/);
    expect(r.out).toMatch(/Detector recall of the anomaly objects/);
    // the per-type split: one row per anomaly type of the synthetic test split
    expect(r.out).toMatch(/^Per anomaly type/m);
    expect(r.out).toMatch(/^\| (fall|fight|erratic-run|vehicle-[a-z]+) \| \d+ \| /m);
  }, 600_000);

  it('diagnose warns when the pipeline file has moved on since the stored run', async () => {
    const original = readFileSync(pipeline, 'utf8');
    writeFileSync(pipeline, original.replace('iterations: 6,', 'iterations: 7,'));
    try {
      const r = await cli('diagnose', pipeline, '--store', store, '--bootstrap', '20');
      expect(r.code).toBe(0);
      expect(r.err).toMatch(
        /stage 'train' is stale \(param iterations: 6 -> 7[;)].*: the ladder reads its last stored run/,
      );
      expect(r.err).not.toMatch(/stage '(detect|link|features)' is stale/);
    } finally {
      writeFileSync(pipeline, original);
    }
  }, 600_000);

  it('experiment trains variants x seeds on the cached stages and writes one table', async () => {
    const out = join(dir, 'exp');
    const r = await cli(
      'experiment',
      pipeline,
      '--store',
      store,
      '--variants',
      'mgpr,tube-only',
      '--seeds',
      '0,1',
      '--test-videos',
      '0',
      '--bootstrap',
      '100',
      '--out',
      out,
      '--executor',
      'inline',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toMatch(/^\| mgpr \| 2 \| \d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\] \|/m);
    expect(md).toMatch(/^## Paired differences: mgpr minus each row/m);
    expect(md).toMatch(/^\| tube-only \|/m);
    expect(md).toMatch(/^\| Upper Bound \| 1 \| — \|/m); // its VAUC is set from labels: not a measurement
    // The regenerate command written next to the table reproduces it in the same place.
    // --test-videos 0: the pipeline's split
    expect(md).toContain(`--variants mgpr,tube-only --seeds 0,1 --out ${relative(process.cwd(), out)}\``);
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(json.rows.mgpr.perSeed).toHaveLength(2);
    expect(json.rows['tube-only'].runs).toBe(2);
  }, 600_000);
});
