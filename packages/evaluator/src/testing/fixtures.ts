import {
  Rng,
  WHOLE_FRAME_SOURCE,
  type Box,
  type ClipFeatureColumns,
  type Detection,
  type Tube,
  type Videolet,
} from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';
import type { BranchScorer, ScoringModel } from '../types';

/**
 * Tiny deterministic stand-ins for the upstream stages and the trained model, used by the tests,
 * the CLI tests and the demo report. Feature dimension 4: [signal, bias 1, noise, noise]. A
 * clip's signal is high when it covers the abnormal event (whole-frame clips: 0.6; the involved
 * object's region clips: 1.0).
 */
export const FIXTURE_DIM = 4;
const CLIP = 16;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A fake DualBranchModel: score = sigmoid(gain * (x0 / |x| - 0.3)) of each (L2-normalised) instance, independent of the
 * bag.
 */
export function createFakeModel(
  opts: { branches?: Array<'tube' | 'temporal'>; gain?: [number, number] } = {},
): ScoringModel & { calls: number } {
  const branches = opts.branches ?? ['tube', 'temporal'];
  const [gt, gv] = opts.gain ?? [10, 6];
  let calls = 0;
  const scorer = (gain: number): BranchScorer => ({
    async scoreBag(f, n) {
      calls++;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let norm = 0;
        for (let k = 0; k < FIXTURE_DIM; k++) norm += f[i * FIXTURE_DIM + k]! ** 2;
        out[i] = sigmoid(gain * (f[i * FIXTURE_DIM]! / Math.sqrt(norm || 1) - 0.3));
      }
      return out;
    },
  });
  return {
    featureDim: FIXTURE_DIM,
    tube: branches.includes('tube') ? scorer(gt) : null,
    temporal: branches.includes('temporal') ? scorer(gv) : null,
    normalize: (f) => f,
    dispose: () => undefined,
    get calls() {
      return calls;
    },
  };
}

export interface FixtureVideo {
  id: string;
  abnormal: boolean;
  info: { width: number; height: number; fps: number; frameCount: number };
  tubes: Tube[];
  videolets: Videolet[];
  features: ClipFeatureColumns;
  detections: Detection[];
  gt: GroundTruth;
}

function track(id: number, from: number, to: number, start: Box, vx: number, rng: Rng): Tube {
  const frames = Array.from({ length: to - from }, (_, i) => from + i);
  const boxes = frames.map((_, i) => [start[0] + vx * i, start[1], start[2] + vx * i, start[3]] as Box);
  const scores = frames.map(() => 0.5 + 0.5 * rng.next());
  return {
    id,
    kind: 'unary',
    category: 'person',
    frames,
    boxes,
    scores,
    score: scores.reduce((a, b) => a + b) / scores.length,
  };
}

/**
 * One synthetic test video (96 frames, 160x120). Abnormal videos: tube 0 is the involved object,
 * the event spans [40, 72) and the ground truth boxes are tube 0's boxes shifted by `gtShift` px.
 * `tubes: false` gives a video without candidate tubes.
 */
export function makeFixtureVideo(
  id: string,
  abnormal: boolean,
  seed: number,
  opts: { tubes?: boolean; gtShift?: number; eventSignal?: number } = {},
): FixtureVideo {
  const rng = new Rng(`${seed}/${id}`);
  const frameCount = 96;
  const ev: [number, number] = [40, 72];
  const tubes =
    opts.tubes === false
      ? []
      : [
          track(0, 24, 88, [20, 40, 44, 90], 0.8, rng),
          track(1, 0, 96, [100, 30, 120, 70], -0.3, rng),
          track(2, 10, 60, [60, 60, 90, 110], 0.2, rng),
        ];
  const sig = opts.eventSignal ?? 1;
  const rows: Array<{ source: number; s: number; e: number; x0: number }> = [];
  const covers = (s: number, e: number) => abnormal && Math.min(e, ev[1]) - Math.max(s, ev[0]) > 0;
  for (let s = 0; s + CLIP <= frameCount; s += CLIP)
    rows.push({ source: WHOLE_FRAME_SOURCE, s, e: s + CLIP, x0: covers(s, s + CLIP) ? 0.6 * sig : 0.05 });
  for (const t of tubes) {
    const a = t.frames[0]!;
    const b = t.frames[t.frames.length - 1]! + 1;
    for (let s = a; s < b; s += CLIP)
      rows.push({
        source: t.id,
        s,
        e: Math.min(b, s + CLIP),
        x0: t.id === 0 && covers(s, Math.min(b, s + CLIP)) ? sig : 0.05,
      });
  }
  const n = rows.length;
  const features: ClipFeatureColumns = {
    backbone: 'fixture',
    dim: FIXTURE_DIM,
    source: Int32Array.from(rows, (r) => r.source),
    clipStart: Int32Array.from(rows, (r) => r.s),
    clipEnd: Int32Array.from(rows, (r) => r.e),
    features: new Float32Array(n * FIXTURE_DIM),
  };
  rows.forEach((r, i) => features.features.set([r.x0, 1, 0.1 * rng.next(), 0.1 * rng.next()], i * FIXTURE_DIM));
  const videolets = Array.from({ length: 8 }, (_, i) => ({ index: i, startFrame: i * 12, endFrame: (i + 1) * 12 }));
  const detections = tubes.flatMap((t) =>
    t.frames.map((frame, i) => ({ frame, box: t.boxes[i]!, score: t.scores[i]!, category: 'person' })),
  );
  const shift = opts.gtShift ?? 2;
  const t0 = tubes[0] ?? track(0, 24, 88, [20, 40, 44, 90], 0.8, rng);
  const gtFrames = t0.frames.filter((f) => f >= ev[0] && f < ev[1]);
  const gt: GroundTruth = abnormal
    ? {
        videoId: id,
        label: 'abnormal',
        event: {
          type: 'fight',
          startFrame: ev[0],
          endFrame: ev[1],
          frames: gtFrames,
          boxes: gtFrames.map((f) => {
            const b = t0.boxes[t0.frames.indexOf(f)]!;
            return [b[0] + shift, b[1], b[2] + shift, b[3]] as Box;
          }),
        },
      }
    : { videoId: id, label: 'normal', event: null };
  return {
    id,
    abnormal,
    info: { width: 160, height: 120, fps: 10, frameCount },
    tubes,
    videolets,
    features,
    detections,
    gt,
  };
}
