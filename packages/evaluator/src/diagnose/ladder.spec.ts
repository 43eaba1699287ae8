import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, Rng } from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';
import { normalizeEvalConfig } from '../config';
import { loadEvalVideos } from '../evaluate/stage';
import { createFakeModel, makeFixtureVideo, type FixtureVideo } from '../testing/fixtures';
import { readFixtureGroundTruth, runFixtureInference } from '../testing/pipeline';
import { LADDER_ROWS, runLadder, type LadderOptions, type LadderTestVideo, type LadderTrainVideo } from './ladder';
import { trainLogistic, trainPlainMil } from './linear';
import { detectorRecallCounts } from './recall';
import { renderLadder } from './report';

const SHAPE = { subTubes: 2, maxTubes: 10, l2: 'after' as const };
const train = (gt: (v: FixtureVideo) => GroundTruth | null = (v) => v.gt): LadderTrainVideo[] =>
  Array.from({ length: 12 }, (_, i) =>
    makeFixtureVideo(`tr-${i}`, i % 2 === 0, 7, { eventSignal: 0.6 + 0.05 * i }),
  ).map((v) => ({
    id: v.id,
    abnormal: v.abnormal,
    load: () => ({ tubes: v.tubes, features: v.features }),
    groundTruth: () => gt(v),
  }));

describe('detectorRecallCounts (hand-computed)', () => {
  it('counts ground-truth boxes with a detection of IoU >= t in the same frame', () => {
    // frame 1: identical box (IoU 1); frame 2: shifted by half (IoU 50 / 150 = 1/3); frame 3: no detection
    const r = detectorRecallCounts(
      {
        frames: [1, 2, 3],
        boxes: [
          [0, 0, 10, 10],
          [0, 0, 10, 10],
          [0, 0, 10, 10],
        ],
      },
      { frame: [1, 2, 2], boxes: [0, 0, 10, 10, 5, 0, 15, 10, 50, 50, 60, 60] },
      [0.3, 0.5],
    );
    expect(r).toEqual({ boxes: 3, hits: { '0.3': 2, '0.5': 1 } });
  });
});

describe('linear scorers', () => {
  const rng = new Rng('linear');
  const row = (hi: boolean) => Float32Array.from([hi ? 1 + rng.next() : rng.next(), rng.next(), rng.next()]);
  it('logistic regression separates labelled instances', () => {
    const x = Array.from({ length: 40 }, (_, i) => row(i % 4 === 0));
    const m = trainLogistic(
      x,
      x.map((_, i) => (i % 4 === 0 ? 1 : 0)),
      { iterations: 200, learningRate: 0.05 },
    );
    expect(m.score(Float32Array.from([1.5, 0.5, 0.5]))).toBeGreaterThan(
      m.score(Float32Array.from([0.5, 0.5, 0.5])) + 0.3,
    );
    expect(() =>
      trainLogistic(
        x,
        x.map(() => 0),
      ),
    ).toThrow(/needs both classes/);
  });
  it('plain MIL learns from video labels alone: abnormal bags hide one high instance', () => {
    const bags = Array.from({ length: 20 }, (_, i) => ({
      abnormal: i % 2 === 0,
      instances: Array.from({ length: 5 }, (_, k) => row(i % 2 === 0 && k === 2)),
    }));
    const m = trainPlainMil(bags, { iterations: 200, learningRate: 0.05, bags: 5 });
    expect(m.score(Float32Array.from([1.5, 0.5, 0.5]))).toBeGreaterThan(m.score(Float32Array.from([0.5, 0.5, 0.5])));
  });
});

describe('runLadder on fixture artifacts', () => {
  let dir: string;
  let base: Omit<LadderOptions, 'train'>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wsstad-ladder-'));
    const { inputs, videos } = await runFixtureInference(dir, createFakeModel(), { abnormal: 6, normal: 6 });
    const ev = await loadEvalVideos(inputs, dir, readFixtureGroundTruth);
    const test: LadderTestVideo[] = ev.map((video, i) => {
      const f = videos[i]!;
      return {
        video,
        load: () => ({
          features: f.features,
          detections: { frame: f.detections.map((d) => d.frame), boxes: f.detections.flatMap((d) => d.box) },
        }),
      };
    });
    base = {
      test,
      trainShape: SHAPE,
      inferShape: { ...SHAPE, subTubes: 4 },
      evalCfg: normalizeEvalConfig({ bootstrap: 200 }),
      linear: { iterations: 60 },
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a dataset without training ground truth (test-only annotations)', async () => {
    await expect(runLadder({ ...base, train: train(() => null) })).rejects.toThrow(ConfigError);
    await expect(runLadder({ ...base, train: train(() => null) })).rejects.toThrow(
      /training video 'tr-0' has no box ground truth/,
    );
  });

  it('prints every rung with intervals; the oracle has no VAUC', async () => {
    const r = await runLadder({ ...base, train: train() });
    expect(r.rows.map((x) => x.method)).toEqual([
      LADDER_ROWS.oracle,
      LADDER_ROWS.ceiling,
      LADDER_ROWS.mil,
      'The method (this pipeline)',
    ]);
    expect(r.rows[0]!.vauc).toBeNull();
    expect(r.rows[0]!.ci!.vauc).toBeUndefined();
    for (const row of r.rows.slice(1)) expect(row.ci!.vauc!.lo).toBeLessThanOrEqual(row.vauc!);
    expect(r.counts).toMatchObject({ train: 12, test: 12, abnormal: 6 });
    expect(r.counts.trainPositives).toBeGreaterThan(0);
    expect(r.recall.videos).toBe(6);
    expect(r.recall.intervals['0.3']!.estimate).toBeGreaterThan(0);
    expect(r.paired.length).toBeGreaterThan(0);
    // the fixture's involved object carries the signal: supervision finds it
    expect(r.rows[1]!.vauc!).toBeGreaterThan(0.8);
  });

  it('splits every rung by anomaly type: the parts pool back to the whole', async () => {
    // relabel three of the six abnormal test videos as another type (the split reads the test GT's type only)
    const retyped = base.test.map((t, i) => {
      const ev = t.video.gt?.event;
      if (!ev || i % 4 !== 0) return t;
      return { ...t, video: { ...t.video, gt: { ...t.video.gt!, event: { ...ev, type: 'fall' } } } };
    });
    const r = await runLadder({ ...base, test: retyped, train: train() });
    const anomalies = r.byType.filter((t) => t.kind === 'anomaly');
    expect(anomalies.map((t) => t.type)).toEqual(['fall', 'fight']);
    expect(anomalies.reduce((s, t) => s + t.videos, 0)).toBe(6);
    expect(anomalies[0]!.videos).toBeGreaterThan(0);
    // recall pooled over the types' boxes is the overall recall; MIoU averaged by video count is the overall MIoU
    const boxes = (t: string) =>
      retyped.filter((x) => x.video.gt?.event?.type === t).reduce((s, x) => s + x.video.gt!.event!.frames.length, 0);
    const pooled =
      anomalies.reduce((s, t) => s + t.recall['0.3']! * boxes(t.type), 0) / (boxes('fall') + boxes('fight'));
    expect(pooled).toBeCloseTo(r.recall.intervals['0.3']!.estimate, 10);
    for (const row of r.rows) {
      const parts = anomalies.reduce((s, t) => s + t.rungs[row.method]!.miou!.estimate * t.videos, 0) / 6;
      expect(parts).toBeCloseTo(row.miou!, 10);
    }
    // the oracle scores no videos: no VAUC per type either
    expect(anomalies.every((t) => t.rungs[LADDER_ROWS.oracle]!.vauc === null)).toBe(true);
    expect(anomalies.every((t) => t.rungs[LADDER_ROWS.ceiling]!.vauc !== null)).toBe(true);
    expect(r.byType.filter((t) => t.kind === 'normal').reduce((s, t) => s + t.videos, 0)).toBe(6);
    expect(renderLadder(r, { eps: [0.1] })).toMatch(/\| fall \| \d+ \| [\d.]+ \| [\d.]+ \|/);
  });

  it('a probe appends features for the ceiling and plain MIL only; a constant one changes nothing', async () => {
    const none = await runLadder({ ...base, train: train() });
    let calls = 0;
    const constant = await runLadder({
      ...base,
      train: train(),
      probe: (c, tubes) => {
        calls++;
        if (!tubes.some((t) => t.id === c.tubeId)) throw new Error('the probe must see the candidate among its tubes');
        return Float32Array.of(0);
      },
    });
    // 12 training videos (training shape) and 12 test videos (inference shape), every candidate once
    expect(calls).toBeGreaterThan(24);
    // a constant column standardises to zero, so its weight never moves: every rung is unchanged
    expect(constant.rows).toEqual(none.rows);
    const marked = await runLadder({
      ...base,
      train: train(),
      probe: (c) => Float32Array.of(c.tubeId === 1 ? 5 : 0, Math.sin(c.frames[0]!)),
    });
    expect(marked.rows[1]).not.toEqual(none.rows[1]);
    expect(marked.rows[3]).toEqual(none.rows[3]); // the method: its stored scores
    expect(marked.rows[0]).toEqual(none.rows[0]); // the oracle reads candidates' boxes, not features
  });

  it('no ground truth reaches the MIL baseline or the method: wrong training boxes move only the ceiling', async () => {
    // the wrong ground truth follows tube 1 (a bystander: box [100, 30, 120, 70] moving -0.3 px per frame)
    const elsewhere = (v: FixtureVideo): GroundTruth | null =>
      v.gt.event
        ? {
            ...v.gt,
            event: {
              ...v.gt.event,
              boxes: v.gt.event.frames.map(
                (f) => [100 - 0.3 * f, 30, 120 - 0.3 * f, 70] as [number, number, number, number],
              ),
            },
          }
        : v.gt;
    const reads: string[] = [];
    const right = await runLadder({
      ...base,
      train: train((v) => {
        reads.push(v.id);
        return v.gt;
      }),
    });
    const wrong = await runLadder({ ...base, train: train(elsewhere) });
    // only abnormal videos' ground truth is read
    expect(reads.every((id) => Number(id.split('-')[1]) % 2 === 0)).toBe(true);
    expect(wrong.rows[2]).toEqual(right.rows[2]); // plain MIL: identical
    expect(wrong.rows[3]).toEqual(right.rows[3]); // the method: read from its scores, identical
    expect(wrong.rows[1]).not.toEqual(right.rows[1]); // the ceiling (the only reader of training ground truth) changes
    expect(wrong.rows[1]!.vauc!).toBeLessThan(right.rows[1]!.vauc!);
  });
});
