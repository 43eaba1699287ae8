/**
 * Synthetic rendering speed (frames/s at 320x240 and at the small preset's 160x120), benchmark
 * generation time, and decode speed of an mp4 through openVideo (ffmpeg child process).
 * Run: npx tsx packages/video/bench/render-decode.ts [frames=300] [preset=small]
 * (frames: per rendered/encoded video; preset: the one whose generation is timed). The last stdout
 * line is the figures JSON read by the bench suite (tools/bench/run-all.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSyntheticSource,
  exportVideo,
  generateBenchmark,
  loadManifest,
  loadScene,
  openVideo,
  SceneRenderer,
  SYNTH_PRESETS,
} from '../src/index';

const FRAMES = Number(process.argv[2] ?? 300);
const PRESET = (process.argv[3] ?? 'small') as keyof typeof SYNTH_PRESETS;
const figures: Array<{ name: string; value: number | string; unit: string; note?: string }> = [];

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'wsstad-bench-'));
  try {
    for (const [w, h] of [
      [320, 240],
      [SYNTH_PRESETS.small.width, SYNTH_PRESETS.small.height],
    ] as const) {
      const { manifestPath } = generateBenchmark({
        preset: 'small',
        seed: 1,
        outDir: join(tmp, `b${w}`),
        overrides: { width: w, height: h, frames: FRAMES, trainVideos: 0, testVideos: 4, abnormalShare: 0.5 },
      });
      const m = loadManifest(manifestPath);
      let frames = 0,
        setup = 0;
      const t0 = performance.now();
      for (const v of m.videos) {
        const s0 = performance.now();
        const r = new SceneRenderer(loadScene(join(m.dir, v.uri)));
        setup += performance.now() - s0;
        for (let f = 0; f < FRAMES; f++, frames++) r.render(f);
      }
      const ms = performance.now() - t0;
      figures.push({
        name: `render ${w}x${h}`,
        value: Math.round(frames / (ms / 1000)),
        unit: 'frames/s',
        note: `${frames} frames`,
      });
      console.log(
        `render ${w}x${h}: ${(frames / (ms / 1000)).toFixed(0)} frames/s (${frames} frames incl. ` +
          `${(setup / m.videos.length).toFixed(1)} ms background setup per video)`,
      );
    }
    const g0 = performance.now();
    const small = generateBenchmark({ preset: PRESET, seed: 1, outDir: join(tmp, PRESET) });
    const genS = (performance.now() - g0) / 1000;
    const nVideos =
      small.stats.videos.train.normal +
      small.stats.videos.train.abnormal +
      small.stats.videos.test.normal +
      small.stats.videos.test.abnormal;
    console.log(
      `generate ${PRESET} preset: ${genS.toFixed(1)} s for ${small.stats.totalFrames} frames in ${nVideos} videos`,
    );
    figures.push({
      name: `generate ${PRESET} preset`,
      value: +genS.toFixed(1),
      unit: 's',
      note: `${small.stats.totalFrames} frames, ${nVideos} videos`,
    });
    const b = loadManifest(join(tmp, 'b320', 'manifest.json'));
    const mp4 = join(tmp, 'clip.mp4');
    const e0 = performance.now();
    await exportVideo(createSyntheticSource(join(b.dir, b.videos[0]!.uri)), mp4);
    const encFps = FRAMES / ((performance.now() - e0) / 1000);
    console.log(`encode 320x240 mp4 (${FRAMES} frames, render + ffmpeg): ${encFps.toFixed(0)} frames/s`);
    figures.push({
      name: 'encode 320x240 mp4, render + ffmpeg',
      value: Math.round(encFps),
      unit: 'frames/s',
      note: `${FRAMES} frames`,
    });
    for (const opts of [{}, { width: 160, height: 120 }]) {
      const d0 = performance.now();
      const src = await openVideo(mp4, opts);
      const p = performance.now() - d0;
      let n = 0;
      for await (const _ of src.frames()) n++;
      const s = (performance.now() - d0) / 1000;
      console.log(
        `decode mp4 320x240${opts.width ? ' -> 160x120' : ''}: ${n} frames, ${(n / s).toFixed(0)} ` +
          `frames/s including ${p.toFixed(0)} ms probe/count`,
      );
      figures.push({
        name: `ffmpeg decode mp4 320x240${opts.width ? ' -> 160x120' : ''} incl. probe`,
        value: Math.round(n / s),
        unit: 'frames/s',
        note: `${n} frames`,
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ figures }));
}
void main();
