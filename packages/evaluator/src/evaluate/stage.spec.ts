import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wsstad/core';
import { readFrameScores, readVideoScores } from '../infer/artifacts';
import { createFakeModel } from '../testing/fixtures';
import { readFixtureGroundTruth, runFixtureInference } from '../testing/pipeline';
import { createEvaluateStage } from './stage';

describe('infer + evaluate stages on fixture artifacts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wsstad-eval-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes video-scores that read back, and a report with the table, charts and key frames', async () => {
    const { inputs } = await runFixtureInference(dir, createFakeModel());
    const vs = readVideoScores(inputs[0]!.inputs['video-scores']!);
    expect(vs.candidates[0]!.tubeId).toBe(0);
    expect(vs.branches).toEqual({ tube: true, temporal: true });
    const noTubes = readVideoScores(inputs[5]!.inputs['video-scores']!);
    expect(noTubes.candidates).toEqual([]);
    expect(noTubes.videoScore).toBeGreaterThanOrEqual(0);
    const fs0 = readFrameScores(inputs[0]!.inputs['frame-scores']!);
    expect(fs0.segments).toEqual([]); // frame scores from the candidates (default)
    expect(fs0.ranges.length).toBeGreaterThan(0);
    expect(fs0.ranges[0]!.endFrame).toBeGreaterThan(fs0.ranges[0]!.startFrame);
    // no tubes: segments
    expect(readFrameScores(inputs[5]!.inputs['frame-scores']!).segments.length).toBeGreaterThan(0);

    const stage = createEvaluateStage({ readGroundTruth: readFixtureGroundTruth, decodeFrames: false });
    const out = join(dir, 'report');
    await stage.run({
      params: stage.normalizeParams({}),
      datasetDir: dir,
      videos: inputs,
      inputs: {},
      outputDir: () => out,
      seed: 1,
      log: silentLogger,
    });
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.counts).toMatchObject({ videos: 8, abnormal: 4, normal: 4, withoutTubes: 1 });
    expect(metrics.rows.map((r: { method: string }) => r.method)).toEqual([
      'Ours (eq. 9, M=4)',
      'Ours: tube branch only',
      'Ours: temporal branch only',
      'Random',
      'Upper Bound',
    ]);
    expect(metrics.rows[0].vauc).toBe(1); // the fake model separates the fixture classes
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toMatch(/\| Method \| VAUC \| IoU@0.1 \| IoU@0.2 \| IoU@0.3 \| MIoU \| FAR@0.2 \| Frame AUC \|/);
    expect(md).toMatch(/\| Upper Bound \| — \|/);
    expect(md).toMatch(/## 95% intervals/);
    expect(md).toMatch(/## Paired differences: Ours \(eq. 9, M=4\) minus each row/);
    expect(md).toMatch(/## Per type \(the method\)/);
    expect(metrics.statistics.paired.length).toBeGreaterThan(0);
    expect(metrics.rows[0].ci.vauc.estimate).toBe(1);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2 + 8);
    expect(html).toMatch(/best localised/);
    // Default keyFramesPerVideo (6): each card embeds a browsable strip, no frames/ file.
    expect(html.match(/<div class="kf">/g)?.length).toBeGreaterThanOrEqual(1);
    expect(html).toMatch(/<img class="kft on" data-k="\d+" data-f="\d+" src="data:image\/jpeg;base64,/);
    expect(existsSync(join(out, 'frames', 'abn-0.png'))).toBe(false);
    // keyFramesPerVideo: 1 through the stage's params: the single PNG key frame of before.
    const out1 = join(dir, 'report-1');
    await stage.run({
      params: stage.normalizeParams({ keyFramesPerVideo: 1, bootstrap: 0 }),
      datasetDir: dir,
      videos: inputs,
      inputs: {},
      outputDir: () => out1,
      seed: 1,
      log: silentLogger,
    });
    expect(
      readFileSync(join(out1, 'frames', 'abn-0.png'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(readFileSync(join(out1, 'report.html'), 'utf8')).not.toMatch(/class="kf/);
  });
});
