/**
 * Cost of the evaluation's intervals at the protocol's sizes:
 *   npx tsx packages/evaluator/bench/bootstrap.ts [videos] [frames]
 * Synthetic scores (no model): prints the seconds of evaluateAll with and without the bootstrap.
 */
import { Rng, type Box, type Tube } from '@wsstad/core';
import { evaluateAll, normalizeEvalConfig, type EvalVideo } from '../src/index';

const n = Number(process.argv[2] ?? 512);
const frames = Number(process.argv[3] ?? 220);
const rng = new Rng('bench-bootstrap');
const box: Box = [10, 10, 40, 60];
const videos: EvalVideo[] = Array.from({ length: n }, (_, i) => {
  const abnormal = i % 2 === 0;
  const t: Tube = {
    id: 0,
    kind: 'unary',
    category: 'p',
    frames: Array.from({ length: 60 }, (_, f) => 50 + f),
    boxes: [],
    scores: [],
    score: 1,
  };
  t.boxes = t.frames.map(() => box);
  t.scores = t.frames.map(() => 1);
  const score = rng.next() + (abnormal ? 0.3 : 0);
  const fs = Float32Array.from({ length: frames }, (_, f) =>
    abnormal && f >= 50 && f < 110 ? score : rng.next() * 0.5,
  );
  const cand = { tubeId: 0, part: 0, frames: t.frames, boxes: t.boxes, score, tubeScore: score, temporalScore: score };
  return {
    id: `v${i}`,
    abnormal,
    category: abnormal ? `type${i % 6}` : `normal${i % 3}`,
    tubes: [t],
    frameScores: fs,
    scores: { candidates: [cand], videoScore: score, branches: { tube: true, temporal: true }, frameCount: frames },
    gt: abnormal
      ? {
          videoId: `v${i}`,
          label: 'abnormal',
          event: { type: `type${i % 6}`, startFrame: 50, endFrame: 110, frames: t.frames, boxes: t.boxes },
        }
      : { videoId: `v${i}`, label: 'normal', event: null },
  };
});
for (const bootstrap of [0, 1000]) {
  const t = performance.now();
  const r = evaluateAll(videos, normalizeEvalConfig({ bootstrap }));
  const m = r.rows[0]!;
  console.log(
    `${n} videos x ${frames} frames, ` +
      `bootstrap ${bootstrap}: ${((performance.now() - t) / 1000).toFixed(2)} s; ` +
      `VAUC ${m.ci?.vauc ? `${m.ci.vauc.lo.toFixed(3)}-${m.ci.vauc.hi.toFixed(3)}` : m.vauc}`,
  );
}
