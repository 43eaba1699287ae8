/**
 * Scaling benchmark: link a 7,000-frame video (the ST-UCF-Crime average) with 20 and 100 boxes per
 * frame (objects moving smoothly plus clutter, seeded), and the same density at 1,750 / 3,500 /
 * 7,000 frames to show time grows linearly with frames.
 * Run: npx tsx packages/tube-linker/bench/link-scaling.ts [maxFrames=7000] [repeats=3]
 * (frames run: maxFrames/4, /2 and maxFrames). The last stdout line is the figures JSON read by the
 * bench suite (tools/bench/run-all.ts).
 */
import type { DetectionColumns } from '@wsstad/core';
import { linkTubes } from '../src/link';
import { columns, randomScene } from '../src/fixtures';

const MAX_FRAMES = Number(process.argv[2] ?? 7000);
const REPEATS = Number(process.argv[3] ?? 3);
const figures: Array<{ name: string; value: number | string; unit: string; note?: string }> = [];

function scene(frames: number, perFrame: number): DetectionColumns {
  // A quarter of the boxes belong to objects moving smoothly (lifetimes uniform in [1, 600] frames, so
  // ~300 on average), the rest is clutter scattered at random.
  const onScreen = Math.max(1, Math.round(perFrame / 4));
  const objects = Math.round((onScreen * frames) / 300);
  const dets = randomScene(`bench-${frames}-${perFrame}`, {
    frames,
    objects,
    clutter: perFrame - onScreen,
    miss: 0.02,
    maxLife: 600,
  });
  return columns(dets, 25, frames);
}

function time(c: DetectionColumns, kind: 'unary' | 'multivariate' | 'both'): { ms: number; tubes: number } {
  const cfg = { unary: kind !== 'multivariate', multivariate: kind !== 'unary', maxInstances: 0 };
  linkTubes(c, cfg); // warm-up
  let best = Infinity;
  let tubes = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    tubes = linkTubes(c, cfg).tubes.length;
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, tubes };
}

console.log(`node ${process.version}, best of ${REPEATS}`);
console.log('frames | boxes/frame | boxes | unary ms | multivariate ms | both ms | both boxes/s | kept tubes (both)');
for (const perFrame of [20, 100]) {
  for (const frames of [Math.round(MAX_FRAMES / 4), Math.round(MAX_FRAMES / 2), MAX_FRAMES]) {
    const c = scene(frames, perFrame);
    const n = c.frame.length;
    const u = time(c, 'unary');
    const m = time(c, 'multivariate');
    const b = time(c, 'both');
    console.log(
      `${frames} | ${perFrame} | ${n} | ${u.ms.toFixed(0)} | ${m.ms.toFixed(0)} | ${b.ms.toFixed(0)} ` +
        `| ${(((n / b.ms) * 1000) / 1e6).toFixed(2)} M | ${b.tubes}`,
    );
    const note = `best of ${REPEATS}`;
    figures.push({
      name: `link both kinds, ${frames} frames x ${perFrame} boxes`,
      value: Math.round(b.ms),
      unit: 'ms',
      note,
    });
    if (frames === MAX_FRAMES) {
      figures.push(
        { name: `link unary, ${frames} frames x ${perFrame} boxes`, value: Math.round(u.ms), unit: 'ms', note },
        { name: `link multivariate, ${frames} frames x ${perFrame} boxes`, value: Math.round(m.ms), unit: 'ms', note },
        {
          name: `link both kinds, ${perFrame} boxes/frame`,
          value: +(((n / b.ms) * 1000) / 1e6).toFixed(2),
          unit: 'M boxes/s',
          note: `${frames} frames`,
        },
      );
    }
  }
}
console.log(JSON.stringify({ figures }));
