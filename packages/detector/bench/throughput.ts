/**
 * Detector throughput at 320x240 on an in-memory moving-rectangles scene (rendering excluded by
 * pre-rendering the frames).   npx tsx packages/detector/bench/throughput.ts [--frames 300]
 * Detectors that cannot be created here (e.g. not built yet, or onnx without a model) are reported and skipped.
 * The last stdout line is the figures JSON read by the bench suite (tools/bench/run-all.ts).
 */
import type { Frame } from '@wsstad/video';
import { createDetector } from '../src/registry';
import { syntheticScene } from '../src/fixtures';

const i = process.argv.indexOf('--frames');
const FRAMES = i >= 0 ? Number(process.argv[i + 1]) : 300;

async function main() {
  const scene = syntheticScene({
    width: 320,
    height: 240,
    frames: FRAMES,
    rects: [
      {
        id: 1,
        category: 'person',
        w: 16,
        h: 40,
        x: 0,
        y: 60,
        vx: 1,
        vy: 0,
        start: 0,
        end: FRAMES,
        color: [200, 40, 40],
      },
      {
        id: 2,
        category: 'vehicle',
        w: 60,
        h: 28,
        x: 300,
        y: 180,
        vx: -1.2,
        vy: 0,
        start: 0,
        end: FRAMES,
        color: [30, 30, 200],
      },
    ],
  });
  const figures: Array<{ name: string; value: number | string; unit: string; note?: string }> = [];
  const frames: Frame[] = [];
  for await (const f of scene.frames()) frames.push(f);
  for (const name of ['background-subtraction', 'oracle', 'coco-centernet', 'coco-nanodet']) {
    let det;
    try {
      det = await createDetector(name);
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]!;
      console.log(`${name}: skipped (${why})`);
      figures.push({ name: `${name} at 320x240`, value: 'skipped', unit: '', note: why });
      continue;
    }
    const n = name.startsWith('coco') ? Math.min(FRAMES, 20) : FRAMES;
    await det.detect(frames.slice(0, 2), { groundTruth: scene.groundTruth }); // load / warm up
    const t = process.hrtime.bigint();
    const r = await det.detect(frames.slice(0, n), { groundTruth: scene.groundTruth });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`${name}: ${(n / s).toFixed(1)} frames/s at 320x240 (${n} frames, ${r.detections.length} boxes)`);
    figures.push({ name: `${name} at 320x240`, value: +(n / s).toFixed(1), unit: 'frames/s', note: `${n} frames` });
    det.dispose();
  }
  console.log(JSON.stringify({ figures }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
