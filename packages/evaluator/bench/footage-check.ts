/**
 * Footage check of `wsstad infer` output (README "Your own videos"): how many candidate tubes lie on
 * people, using a rendered clip's object ground truth (the method never sees it: this is a check of
 * the output), plus PNGs of annotated frames drawn with the same code as `infer --annotate`.
 *
 *   npx tsx packages/evaluator/bench/footage-check.ts <work dir of infer --work> <video.mp4> <gt.json> \
 *     <model dir> <out prefix> [frame ...]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { findWorkArtifact, iou, readTubes, type Box } from '@wsstad/core';
import { annotatedPng, readFrameScores, readVideoScores } from '../src/index';
import { openVideo } from '@wsstad/video';

const [work, video, gtPath, modelDir, outPrefix, ...frameArgs] = process.argv.slice(2);
if (!outPrefix)
  throw new Error('usage: footage-check.ts <work> <video> <gt.json> <model dir> <out prefix> [frame ...]');
const id = video!.split('/').pop()!;
// <work>/<id>/<kind>.arrow since infer --work shares the commands' layout; older work folders still read.
const art = (kind: string) => findWorkArtifact(work!, id, kind)?.path ?? `${work}/${id}/${kind}.arrow`;
const vs = readVideoScores(art('video-scores'));
const fsc = readFrameScores(art('frame-scores'));
const { tubes } = readTubes(art('tubes'));
const gt = JSON.parse(readFileSync(gtPath!, 'utf8')) as { objects: Array<{ frame: number; box: Box }> };
const cal = JSON.parse(readFileSync(`${modelDir}/model.json`, 'utf8')).calibration as { threshold: number } | null;
const byFrame = new Map<number, Box[]>();
for (const o of gt.objects) byFrame.set(o.frame, [...(byFrame.get(o.frame) ?? []), o.box]);
// A tube lies on a person when its boxes overlap a ground-truth object (IoU >= 0.3) in most of its frames.
const onPerson = (frames: readonly number[], boxes: readonly Box[]) => {
  let hit = 0;
  frames.forEach((f, i) => {
    if ((byFrame.get(f) ?? []).some((g) => iou(g, boxes[i]!) >= 0.3)) hit++;
  });
  return hit / Math.max(1, frames.length);
};
const tubeShares = tubes.map((t) => onPerson(t.frames, t.boxes));
const cands = vs.candidates.map((c) => onPerson(c.frames, c.boxes));
console.log(
  `${tubes.length} tubes: ${tubeShares.filter((s) => s >= 0.5).length} on people in >= half their ` +
    `frames, ${tubeShares.filter((s) => s === 0).length} never on a person`,
);
console.log(
  `${cands.length} candidates (sub-tubes): ${cands.filter((s) => s >= 0.5).length} on people in >= half their ` +
    `frames; top-10: ${cands
      .slice(0, 10)
      .map((s) => s.toFixed(2))
      .join(' ')}`,
);
const frames = frameArgs.map(Number);
(async () => {
  const src = await openVideo(video!);
  try {
    const top = vs.candidates.slice(0, 10);
    const thr = cal?.threshold ?? null;
    for await (const f of src.frames()) {
      if (!frames.includes(f.index)) continue;
      const png = await annotatedPng(f, {
        tubes: top.map((c, i) => ({
          frames: c.frames,
          boxes: c.boxes,
          label: `#${i + 1}${thr !== null && c.score > thr ? '' : ' below thr.'}`,
          color: thr !== null && c.score <= thr ? '#7fdbff' : '#ff4136',
        })),
        banner:
          `${thr === null ? '' : vs.videoScore > thr ? 'ABNORMAL' : 'NORMAL'} ` +
          `score ${vs.videoScore.toPrecision(3)} threshold ${thr?.toPrecision(3) ?? '-'}`,
        bannerColor: thr !== null && vs.videoScore > thr ? '#ff4136' : '#2ecc40',
        frameScores: fsc.scores,
        threshold: thr,
      });
      writeFileSync(`${outPrefix}-${f.index}.png`, png);
      console.log(`wrote ${outPrefix}-${f.index}.png`);
    }
  } finally {
    src.close();
  }
})();
