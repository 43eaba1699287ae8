/**
 * Quality of the candidate tubes on the synthetic `small` test split (abnormal videos): for each
 * video, the best localisation score (eq. 10) over its candidate tubes, i.e. the paper's "Upper
 * Bound" row; the share of videos whose best tube exceeds 0.1 and 0.3; tubes per video. Detections
 * come from the oracle (ground-truth object boxes, score 1) and from the default detector
 * (background subtraction; skipped with --oracle-only). Linking with the paper's frame thresholds
 * and with thresholds scaled to the short synthetic videos.
 * Run: npx tsx packages/tube-linker/bench/quality.ts [--oracle-only] [--videos N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  detectionsToColumns,
  iou,
  splitTube,
  readDetections,
  type Box,
  type DetectionColumns,
  type Tube,
} from '@wsstad/core';
import {
  generateBenchmark,
  loadManifest,
  openVideo,
  readGroundTruth,
  resolveInManifest,
  type GroundTruth,
} from '@wsstad/video';
import { detectVideo, resolveDetectorConfig } from '@wsstad/detector';
import { linkTubes, type LinkConfig } from '@wsstad/tube-linker';

const args = process.argv.slice(2);
const ORACLE_ONLY = args.includes('--oracle-only');
/** Section 3.4: each tube also split into M hypothetical sub-tubes at inference. */
const M = 4;
const MAX_VIDEOS = args.includes('--videos') ? Number(args[args.indexOf('--videos') + 1]) : Infinity;

/**
 * Eq. 10, written here for this script (the evaluator owns the official one): Gamma = frames with detector boxes AND
 * (frames of gt or pred).
 */
function localisation(gt: Map<number, Box>, pred: Tube, detFrames: Set<number>): number {
  const predBox = new Map(pred.frames.map((f, i) => [f, pred.boxes[i]!]));
  let sum = 0,
    n = 0;
  for (const f of new Set([...gt.keys(), ...predBox.keys()])) {
    if (!detFrames.has(f)) continue;
    n++;
    const a = gt.get(f),
      b = predBox.get(f);
    if (a && b) sum += iou(a, b);
  }
  return n ? sum / n : 0;
}

function oracleColumns(gt: GroundTruth, info: DetectionColumns['video']): DetectionColumns {
  return detectionsToColumns(
    info,
    (gt.objects ?? []).map((o) => ({ frame: o.frame, box: o.box, score: 1, category: o.category })),
  );
}

const CONFIGS: Record<string, Partial<LinkConfig>> = {
  'paper frames (zeta1 100, zeta2 50)': {},
  'scaled (zeta1 2 s, zeta2 1 s)': { zeta1Seconds: 2, zeta2Seconds: 1 },
  'scaled, gap 2': { zeta1Seconds: 2, zeta2Seconds: 1, gapTolerance: 2 },
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-quality-'));
  try {
    const t0 = performance.now();
    const { manifestPath } = generateBenchmark({ preset: 'small', seed: 0, outDir: dir });
    const m = loadManifest(manifestPath);
    const videos = m.videos
      .filter((v) => v.split === 'test' && v.label === 'abnormal' && v.groundTruth)
      .slice(0, MAX_VIDEOS);
    console.log(
      `synthetic small, seed 0: ${videos.length} abnormal test videos (generated ` +
        `in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const sources: Record<string, Array<{ dets: DetectionColumns; gt: GroundTruth }>> = { oracle: [] };
    if (!ORACLE_ONLY) sources['background-subtraction'] = [];
    for (const v of videos) {
      const gt = readGroundTruth(resolveInManifest(m.dir, v.groundTruth!));
      const src = await openVideo(v.uri, { baseDir: m.dir });
      const info = src.info;
      src.close();
      sources.oracle!.push({ dets: oracleColumns(gt, info), gt });
      if (!ORACLE_ONLY) {
        const out = join(dir, `${v.id}.detections.arrow`);
        await detectVideo(v, {
          datasetDir: m.dir,
          outPath: out,
          params: { detector: resolveDetectorConfig('background-subtraction'), stride: 1 },
        });
        sources['background-subtraction']!.push({ dets: readDetections(out), gt });
      }
    }
    console.log(
      `detector | linking | videos | best Sloc > 0.1 | > 0.3 | mean best Sloc (Upper Bound) | same with ` +
        `M=${M} sub-tubes | tubes/video (unary + multivariate) | link ms/video`,
    );
    for (const [name, items] of Object.entries(sources)) {
      for (const [label, cfg] of Object.entries(CONFIGS)) {
        let over1 = 0,
          over3 = 0,
          sumBest = 0,
          sumBestSub = 0,
          nu = 0,
          nm = 0,
          ms = 0;
        for (const { dets, gt } of items) {
          const gtBoxes = new Map((gt.event?.frames ?? []).map((f, i) => [f, gt.event!.boxes[i]!]));
          const detFrames = new Set(dets.frame);
          const t1 = performance.now();
          const { tubes } = linkTubes(dets, cfg);
          ms += performance.now() - t1;
          const best = tubes.reduce((b, t) => Math.max(b, localisation(gtBoxes, t, detFrames)), 0);
          sumBestSub += tubes
            .flatMap((t) => [t, ...splitTube(t, M)])
            .reduce((b, t) => Math.max(b, localisation(gtBoxes, t, detFrames)), 0);
          if (best > 0.1) over1++;
          if (best > 0.3) over3++;
          sumBest += best;
          nu += tubes.filter((t) => t.kind === 'unary').length;
          nm += tubes.filter((t) => t.kind === 'multivariate').length;
        }
        const n = items.length || 1;
        console.log(
          `${name} | ${label} | ${items.length} | ${((100 * over1) / n).toFixed(1)}% ` +
            `| ${((100 * over3) / n).toFixed(1)}% | ${(sumBest / n).toFixed(3)} ` +
            `| ${(sumBestSub / n).toFixed(3)} | ${((nu + nm) / n).toFixed(1)} (${(nu / n).toFixed(1)} ` +
            `+ ${(nm / n).toFixed(1)}) | ${(ms / n).toFixed(1)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
