import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EVAL_CONFIG } from '../defaults';
import type { EvalVideo, EvaluationResult, VideoOutcome } from '../evaluate/types';
import { overviewHtml, scoreHistogramSvg } from './overview';

const outcome = (id: string, abnormal: boolean, score: number): VideoOutcome => ({
  id,
  abnormal,
  score,
  sloc: abnormal ? 0.4 : null,
  slocUnion: null,
  top: null,
  gtTrack: null,
  gtInterval: null,
  frameCount: 10,
});
const video = (id: string, abnormal: boolean, category: string): EvalVideo => ({
  id,
  abnormal,
  category,
  scores: { candidates: [], videoScore: 0, branches: { tube: true, temporal: true }, frameCount: 10 } as never,
  tubes: [],
  gt: null,
});

describe('report overview (run configuration, operating point, distributions, per type, all videos)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-overview-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const outcomes = [
    outcome('n1', false, 0.1),
    outcome('n2', false, 0.3),
    outcome('a1', true, 0.5),
    outcome('a2', true, 0.2),
  ];
  const result = {
    rows: [],
    spatial: true,
    videos: outcomes,
    counts: {} as never,
    roc: { video: null, frame: null },
  } as unknown as EvaluationResult;
  const videos = [
    video('n1', false, 'normal'),
    video('n2', false, 'hard-negative'),
    video('a1', true, 'fall'),
    video('a2', true, 'fight'),
  ];

  it('calibrated model: config, curve, threshold counts, verdict per video, sortable table, per-type rates', () => {
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({
        training: {
          variant: 'mgpr',
          seed: 3,
          config: { iterations: 7 },
          best: { iteration: 5, vauc: 0.75 },
          trainVideos: ['x'],
          validationVideos: ['y', 'z'],
        },
        frontEnd: { link: { gapTolerance: 2 } },
        calibration: {
          threshold: 0.25,
          falseAlarmRate: 0.05,
          achievedFalseAlarmRate: 0,
          normalScores: [0.1, 0.25],
          abnormalScores: [0.6],
          source: 's',
        },
      }),
    );
    writeFileSync(join(dir, 'loss-curve.svg'), '<svg id="curve"></svg>');
    const html = overviewHtml(result, videos, DEFAULT_EVAL_CONFIG, {
      modelDir: dir,
      modelHash: 'abc123',
      codeVersion: 'cv1',
      dataset: '/d',
    });
    expect(html).toContain('<svg id="curve"></svg>');
    expect(html).toMatch(/abc123/);
    expect(html).toMatch(/mgpr \/ 3/);
    expect(html).toMatch(/&quot;gapTolerance&quot;: 2/);
    expect(html).toMatch(/Threshold <b>0\.2500<\/b>/);
    expect(html).toMatch(/false alarms 1\/2 normal videos \(50\.0%\), detected 1\/2 abnormal videos \(50\.0%\)/);
    // One row per test video with its verdict; wrong verdicts shaded (n2 false alarm, a2 miss).
    expect(html.match(/<tr class="wrong">/g)).toHaveLength(2);
    expect(html).toMatch(
      /<td>a1<\/td><td>abnormal<\/td><td>fall<\/td><td data-v="0.5">0\.5000<\/td><td>abnormal<\/td>/,
    );
    expect(html).toMatch(/<td>fight<\/td><td>anomaly<\/td><td>1<\/td><td>0\.200<\/td><td>0\.0% detected<\/td>/);
    expect(html).toMatch(
      /<td>hard-negative<\/td><td>normal<\/td><td>1<\/td><td>0\.300<\/td><td>100\.0% false alarms<\/td>/,
    );
    expect(html).toMatch(/class="sortable"/);
    expect(html).toMatch(/<script>/);
  });

  it('without a model: says there is no operating point and gives no verdicts', () => {
    const html = overviewHtml(result, videos, DEFAULT_EVAL_CONFIG, {});
    expect(html).toMatch(/no calibrated threshold/);
    expect(html).not.toMatch(/<tr class="wrong">/);
    expect(html).toMatch(/<td data-v="0.1">0\.1000<\/td><td>—<\/td>/);
  });

  it('histogram: both classes, and the threshold line at its value', () => {
    const svg = scoreHistogramSvg([0.1, 0.2], [0.8], 0.5, 't');
    expect(svg).toMatch(/normal \(2\)/);
    expect(svg).toMatch(/abnormal \(1\)/);
    expect(svg).toMatch(/threshold 0\.500/);
  });
});
