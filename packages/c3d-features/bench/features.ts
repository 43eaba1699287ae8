/**
 * Benchmarks (run: npx tsx --tsconfig tsconfig.base.json packages/c3d-features/bench/features.ts
 *   [--skip-c3d] [--skip-hog] [--batches 1,4,8];
 * WSSTAD_ORT_DEVICE=cuda runs C3D on onnxruntime's CUDA execution provider, tools/bench/gpu.sh).
 * 1. the weight-free backbone's frames/s on a 320x240 video with 10 tubes (frames pre-decoded in memory);
 * 2. full-size C3D (random weights) clips/s at batch 1/4/8 and GFLOP/s against 77 GFLOP per clip.
 * The last stdout line is the figures JSON read by the bench suite (tools/bench/run-all.ts).
 */
import {
  C3D_ARCH,
  c3dMacs,
  createC3dFromWeights,
  createHogHofMbhBackbone,
  DEFAULT_FEATURES_CONFIG,
  extractClipFeatures,
  randomC3dWeights,
} from '@wsstad/c3d-features';
import type { Frame, VideoSource } from '@wsstad/video';
import { renderFrame, tubeOf, walker } from '../src/test-utils';

const figures: Array<{ name: string; value: number | string; unit: string; note?: string }> = [];
const bi = process.argv.indexOf('--batches');
const BATCHES = bi >= 0 ? process.argv[bi + 1]!.split(',').map(Number) : [1, 4, 8];

async function hogBench(): Promise<void> {
  const W = 320,
    H = 240,
    N = 160;
  const objects = Array.from({ length: 10 }, (_, i) =>
    walker((f) => 10 + ((i * 29 + f * (1 + (i % 3))) % 260), 15 + (i % 5) * 42, 16, 32, [
      120 + i * 12,
      200 - i * 9,
      80,
    ]),
  );
  const frames: Frame[] = Array.from({ length: N }, (_, f) => renderFrame(W, H, f, objects));
  const video: VideoSource = {
    uri: 'mem://bench',
    info: { width: W, height: H, fps: 25, frameCount: N },
    async *frames() {
      yield* frames;
    },
    close() {},
  };
  const tubes = objects.map((o, i) => tubeOf(i, o, 0, N));
  const bb = await createHogHofMbhBackbone(DEFAULT_FEATURES_CONFIG.hog, DEFAULT_FEATURES_CONFIG.contextMargin);
  // warm-up
  await extractClipFeatures(video, tubes.slice(0, 1), bb, { grid: DEFAULT_FEATURES_CONFIG.grid, wholeFrame: true });
  const t0 = performance.now();
  const cf = await extractClipFeatures(video, tubes, bb, { grid: DEFAULT_FEATURES_CONFIG.grid, wholeFrame: true });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `hog-hof-mbh: ${W}x${H}, ${N} frames, 10 tubes + whole frame -> ${cf.source.length} clips x ` +
      `${cf.dim}: ${s.toFixed(2)} s, ${(N / s).toFixed(0)} frames/s (${((s / N / 11) * 1000).toFixed(2)} ` +
      `ms per region-frame)`,
  );
  figures.push(
    {
      name: `hog-hof-mbh, ${W}x${H} + 10 tubes`,
      value: Math.round(N / s),
      unit: 'frames/s',
      note: `${N} frames, whole frame included`,
    },
    { name: 'hog-hof-mbh per region-frame', value: +((s / N / 11) * 1000).toFixed(2), unit: 'ms' },
  );
  bb.dispose();
}

async function c3dBench(): Promise<void> {
  const t0 = performance.now();
  const model = await createC3dFromWeights(randomC3dWeights(C3D_ARCH, 0), {
    device: (process.env.WSSTAD_ORT_DEVICE as 'cpu' | 'cuda' | undefined) ?? 'cpu',
  });
  const loadS = (performance.now() - t0) / 1000;
  console.log(`C3D (random weights) built and loaded in ${loadS.toFixed(1)} s on ${model.provider}`);
  figures.push({
    name: 'C3D (random weights) build + load',
    value: +loadS.toFixed(1),
    unit: 's',
    note: model.provider,
  });
  const gflop = (2 * c3dMacs(C3D_ARCH)) / 1e9;
  const per = 3 * 16 * 112 * 112;
  await model.run(new Float32Array(per).fill(1), 1); // warm-up
  for (const batch of BATCHES) {
    const x = new Float32Array(batch * per).map((_, i) => (i % 255) - 128);
    const reps = batch === 1 ? 3 : 1;
    const t = performance.now();
    for (let r = 0; r < reps; r++) await model.run(x, batch);
    const s = (performance.now() - t) / 1000 / reps;
    console.log(
      `C3D batch ${batch}: ${(batch / s).toFixed(2)} clips/s, ${((batch * gflop) / s).toFixed(0)} ` +
        `GFLOP/s (${gflop.toFixed(1)} GFLOP per clip)`,
    );
    figures.push(
      { name: `C3D to fc6, batch ${batch}`, value: +(batch / s).toFixed(2), unit: 'clips/s', note: model.provider },
      {
        name: `C3D to fc6, batch ${batch}`,
        value: Math.round((batch * gflop) / s),
        unit: 'GFLOP/s',
        note: `${gflop.toFixed(1)} GFLOP per clip`,
      },
    );
  }
  await model.dispose();
}

(async () => {
  if (!process.argv.includes('--skip-hog')) await hogBench();
  if (!process.argv.includes('--skip-c3d')) await c3dBench();
  console.log(JSON.stringify({ figures }));
})();
