/**
 * How much of each anomaly the unary tubes follow, per anomaly type, for several linking settings, on
 * a finished pipeline's cached detections (no detection is recomputed): the share of ground-truth
 * event boxes (test split) matched (IoU >= 0.3) by a kept unary tube's box in the same frame, and the
 * kept unary tubes per normal test video (what a looser linker costs in clutter). Reads the test
 * ground truth: a measurement, never a method input.
 * Run: npx tsx tools/bench/linker-coverage.ts [pipeline] [--store DIR] [--videos N]
 */
import { join } from 'node:path';
import { iou, readDetections, silentLogger, type DetectionColumns } from '@wsstad/core';
import { loadPipeline, resolveDataset, stageOutputPath } from '@wsstad/pipeline';
import { linkTubes, type LinkConfig } from '@wsstad/tube-linker';
import { readGroundTruth, type GroundTruth } from '@wsstad/video';
import { APP } from '@wsstad/cli';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const PIPELINE = args[0] && !args[0].startsWith('--') ? args[0] : 'synthetic';
const MAX_VIDEOS = Number(opt('--videos') ?? Infinity);
/** An event box counts as followed at this IoU (the ladder's recall threshold). */
const MATCH_IOU = 0.3;

/** The settings compared; each adds to the pipeline's own link params with motion and pooling reset. */
const SETTINGS: ReadonlyArray<[string, Partial<LinkConfig>]> = [
  ['eq. 11 as written, per category', { motion: 'none', unaryCategories: 'each' }],
  ['constant velocity, gate 0', { motion: 'constant-velocity', motionGate: 0, unaryCategories: 'each' }],
  ['constant velocity, gate 1.5', { motion: 'constant-velocity', motionGate: 1.5, unaryCategories: 'each' }],
  ['eq. 11, categories pooled', { motion: 'none', unaryCategories: 'pooled' }],
  ['constant velocity 1.5, pooled', { motion: 'constant-velocity', motionGate: 1.5, unaryCategories: 'pooled' }],
];

interface Video {
  dets: DetectionColumns;
  gt: GroundTruth | null;
  type: string;
}

function coverage(videos: readonly Video[], cfg: Partial<LinkConfig>) {
  const perType = new Map<string, { hit: number; all: number }>();
  let clutter = 0,
    normals = 0,
    ms = 0;
  for (const v of videos) {
    const t0 = performance.now();
    const unary = linkTubes(v.dets, cfg).tubes.filter((t) => t.kind === 'unary');
    ms += performance.now() - t0;
    const ev = v.gt?.event;
    if (!ev) {
      clutter += unary.length;
      normals++;
      continue;
    }
    const c = perType.get(v.type) ?? { hit: 0, all: 0 };
    ev.frames.forEach((f, k) => {
      c.all++;
      const followed = unary.some((t) => {
        const i = t.frames.indexOf(f);
        return i >= 0 && iou(t.boxes[i]!, ev.boxes[k]!) >= MATCH_IOU;
      });
      if (followed) c.hit++;
    });
    perType.set(v.type, c);
  }
  return { perType, clutter: clutter / Math.max(1, normals), ms };
}

async function main(): Promise<void> {
  const p = loadPipeline(PIPELINE, { registry: APP.registry, store: opt('--store') });
  const link = p.stages.find((s) => s.uses === 'link');
  const detect = p.stages.find((s) => s.uses === 'detect');
  if (!link || !detect) throw new Error(`pipeline '${p.name}' needs a detect and a link stage`);
  const ds = await resolveDataset(p, APP.datasets, silentLogger);
  const videos: Video[] = ds.videos
    .filter((v) => v.split === 'test')
    .slice(0, MAX_VIDEOS)
    .map((v) => {
      const gt = v.label === 'abnormal' && v.groundTruth ? readGroundTruth(join(ds.dir, v.groundTruth)) : null;
      const dets = readDetections(stageOutputPath(p, detect.name, 'detections', v.id));
      return { dets, gt, type: gt?.event?.type ?? 'normal' };
    });
  const base = { ...(link.params as Partial<LinkConfig>), maxInstances: 0 };
  const rows = SETTINGS.map(([name, s]) => ({ name, ...coverage(videos, { ...base, ...s }) }));
  const types = [...rows[0]!.perType.keys()].sort();
  const pc = (c: { hit: number; all: number } | undefined) => (c && c.all ? ((100 * c.hit) / c.all).toFixed(1) : '—');
  const all = (m: Map<string, { hit: number; all: number }>) =>
    [...m.values()].reduce((a, b) => ({ hit: a.hit + b.hit, all: a.all + b.all }), { hit: 0, all: 0 });
  console.log(`${p.name}: ${videos.length} test videos; % of event boxes followed by a kept unary tube`);
  console.log(`| linking | all | ${types.join(' | ')} | unary tubes / normal video | link ms |`);
  console.log(`| --- | ---: |${types.map(() => ' ---: |').join('')} ---: | ---: |`);
  for (const r of rows)
    console.log(
      `| ${r.name} | ${pc(all(r.perType))} | ${types.map((t) => pc(r.perType.get(t))).join(' | ')} | ` +
        `${r.clutter.toFixed(1)} | ${Math.round(r.ms)} |`,
    );
}

void main();
