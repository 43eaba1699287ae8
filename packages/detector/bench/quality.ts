/**
 * Detector quality on the synthetic benchmark's test split against GroundTruth.objects:
 * recall/precision at IoU 0.5 per category and overall, and the share of event frames in which the
 * objects involved in the anomaly are found.
 *
 *   npx tsx packages/detector/bench/quality.ts [--detector background-subtraction] [--preset small]
 *     [--videos 64] [--stride 1] [--set key=value ...] [--out /tmp/wsstad-quality]
 * The COCO detectors are slow (0.25-0.55 s/frame): use --videos 4 --stride 4 for them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBenchmark, loadManifest, openVideo, readGroundTruth, resolveInManifest } from '@wsstad/video';
import { createDetector } from '../src/registry';
import { accumulate, emptyCounts, formatCounts } from './match';

const IOU = 0.5;
const LOOSE_IOU = 0.3;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
}
const sets = process.argv.flatMap((a, i) => (a === '--set' ? [process.argv[i + 1]!] : []));
const overrides = Object.fromEntries(
  sets.map((s) => {
    const [k, v] = s.split('=');
    return [k!, isNaN(Number(v)) ? v : Number(v)];
  }),
);

async function main() {
  const detectorName = arg('detector', 'background-subtraction');
  const preset = arg('preset', 'small');
  const maxVideos = Number(arg('videos', '1000'));
  const stride = Number(arg('stride', '1'));
  const out = arg('out', mkdtempSync(join(tmpdir(), 'wsstad-quality-')));
  const t0 = Date.now();
  const { manifestPath } = generateBenchmark({ preset, seed: 7, outDir: out, overrides: { trainVideos: 0 } });
  const m = loadManifest(manifestPath);
  const videos = m.videos.filter((v) => v.split === 'test' && v.groundTruth).slice(0, maxVideos);
  const det = await createDetector(detectorName, overrides);
  const counts = emptyCounts();
  let frames = 0;
  const tDet = Date.now();
  for (const v of videos) {
    const gt = readGroundTruth(resolveInManifest(m.dir, v.groundTruth!));
    const src = await openVideo(v.uri, { baseDir: m.dir });
    const seen: number[] = [];
    const r = await det.detect(src.frames({ stride }), { groundTruth: gt, onFrame: (f) => seen.push(f.index) });
    src.close();
    frames += r.framesSeen;
    accumulate(counts, gt, r.detections, seen, IOU, LOOSE_IOU);
  }
  det.dispose();
  const secs = (Date.now() - tDet) / 1000;
  console.log(
    `detector ${detectorName} ${JSON.stringify(overrides)} on ${preset} test split, ${videos.length} ` +
      `videos, ${frames} frames (stride ${stride}), ${(frames / secs).toFixed(1)} frames/s incl. ` +
      `rendering; total ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const line of formatCounts(counts, LOOSE_IOU)) console.log(line);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
