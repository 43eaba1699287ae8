/**
 * Per-step rates of the weight-free features stage, against the same OpenCV.js operations run alone
 * on the same frames (the library's own rate is the limit). Run:
 *   npx tsx --tsconfig tsconfig.base.json packages/c3d-features/bench/steps.ts [videos=8] [repeats=3]
 * Workload: the first `videos` test videos of the synthetic `small` preset (160x120, 224 frames),
 * one tube per ground-truth object seen in >= 8 frames (oracle tubes, as synth-check.ts) plus the
 * whole frame. Every step runs over the whole workload `repeats` times, steps interleaved within a
 * repeat; medians are printed. The last stdout line is the figures JSON (tools/bench/run-all.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { squareContext, writeClipFeatures, type Box, type Tube } from '@wsstad/core';
import {
  generateBenchmark,
  loadManifest,
  openVideo,
  readGroundTruth,
  type Frame,
  type VideoSource,
} from '@wsstad/video';
import {
  createHogHofMbhBackbone,
  DEFAULT_FEATURES_CONFIG as D,
  extractClipFeatures,
  loadOpenCv,
} from '@wsstad/c3d-features';
import { rgbToGray, sampleGray } from '../src/image';
import { frameRecord, type HogFrameRecord } from '../src/hog/frame';
import { clipDescriptor } from '../src/hog/clip';

// OpenCV.js calls beyond the package's typed subset (bench only)
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyCv = any;

const VIDEOS = Number(process.argv[2] ?? 8);
const REPEATS = Number(process.argv[3] ?? 3);
const figures: Array<{ name: string; value: number | string; unit: string; note?: string }> = [];
const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]!;

interface Video {
  id: string;
  frames: Frame[];
  tubes: Tube[];
  src: () => Promise<VideoSource>;
}
/** One (frame, region) of the workload: its crop box and working size; `prev` = frame index - 1 or -1. */
interface RegionFrame {
  v: number;
  f: number;
  box: Box;
  tubeBox: Box | null;
  w: number;
  h: number;
  flow: boolean;
}

async function workload(dir: string): Promise<Video[]> {
  const { manifestPath } = generateBenchmark({
    preset: 'small',
    seed: 3,
    outDir: dir,
    overrides: { trainVideos: 0, testVideos: VIDEOS },
  });
  const base = dirname(manifestPath);
  const m = loadManifest(manifestPath) as unknown as { manifest?: { videos: any[] }; videos?: any[] };
  const out: Video[] = [];
  for (const v of (m.manifest?.videos ?? m.videos)!) {
    const gt = readGroundTruth(join(base, v.groundTruth)) as any;
    const byObj = new Map<number, { frames: number[]; boxes: Box[] }>();
    for (const o of gt.objects ?? []) {
      let t = byObj.get(o.objectId);
      if (!t) byObj.set(o.objectId, (t = { frames: [], boxes: [] }));
      if (t.frames[t.frames.length - 1] === o.frame) continue;
      t.frames.push(o.frame);
      t.boxes.push(o.box);
    }
    const tubes: Tube[] = [...byObj.entries()]
      .filter(([, t]) => t.frames.length >= 8)
      .map(([id, t]) => ({
        id,
        kind: 'unary',
        category: 'x',
        frames: t.frames,
        boxes: t.boxes,
        scores: t.frames.map(() => 1),
        score: 1,
      }));
    const src = () => openVideo(join(base, v.uri));
    const s = await src();
    const frames: Frame[] = [];
    for await (const f of s.frames()) frames.push(f);
    s.close();
    out.push({ id: v.id, frames, tubes, src });
  }
  return out;
}

function regionFrames(videos: Video[]): RegionFrame[] {
  const hog = D.hog;
  const out: RegionFrame[] = [];
  videos.forEach((vid, v) => {
    const { width: W, height: H } = vid.frames[0]!;
    for (let f = 0; f < vid.frames.length; f++)
      out.push({ v, f, box: [0, 0, W, H], tubeBox: null, w: hog.frameWidth, h: hog.frameHeight, flow: f > 0 });
    for (const t of vid.tubes) {
      let p = 0;
      for (let f = t.frames[0]!; f <= t.frames[t.frames.length - 1]!; f++) {
        while (p + 1 < t.frames.length && t.frames[p + 1]! <= f) p++;
        out.push({
          v,
          f,
          box: squareContext(t.boxes[p]!, D.contextMargin),
          tubeBox: t.boxes[p]!,
          w: hog.tubeSize,
          h: hog.tubeSize,
          flow: f > t.frames[0]!,
        });
      }
    }
  });
  return out;
}

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-feature-steps-'));
  try {
    const videos = await workload(dir);
    const nFrames = videos.reduce((s, v) => s + v.frames.length, 0);
    const rfs = regionFrames(videos);
    const flowRfs = rfs.filter((r) => r.flow);
    const { w: W, h: H } = { w: videos[0]!.frames[0]!.width, h: videos[0]!.frames[0]!.height };
    console.log(
      `workload: ${videos.length} videos, ${nFrames} frames ${W}x${H}, ` +
        `${videos.reduce((s, v) => s + v.tubes.length, 0)} tubes, ${rfs.length} region-frames ` +
        `(${flowRfs.length} with flow); ${REPEATS} repeats, medians`,
    );
    const { cv: cvTyped } = await loadOpenCv();
    const cv = cvTyped as AnyCv;
    const grays = videos.map((v) => v.frames.map((f) => rgbToGray(f.data, f.width, f.height)));
    const crop = (r: RegionFrame, f: number) => sampleGray(grays[r.v]![f]!, W, H, r.box, r.w, r.h);
    const crops = rfs.map((r) => crop(r, r.f));
    const prevCrops = rfs.map((r) => (r.flow ? crop(r, r.f - 1) : null));
    const mats = new Map<
      string,
      { a: AnyCv; b: AnyCv; flow: AnyCv; mag: AnyCv; ang: AnyCv; dx: AnyCv; dy: AnyCv; f32: AnyCv; dst: AnyCv }
    >();
    const matsFor = (w: number, h: number) => {
      const k = `${w}x${h}`;
      let m = mats.get(k);
      if (!m)
        mats.set(
          k,
          (m = {
            a: new cv.Mat(h, w, cv.CV_8UC1),
            b: new cv.Mat(h, w, cv.CV_8UC1),
            flow: new cv.Mat(),
            mag: new cv.Mat(),
            ang: new cv.Mat(),
            dx: new cv.Mat(),
            dy: new cv.Mat(),
            f32: new cv.Mat(),
            dst: new cv.Mat(),
          }),
        );
      return m;
    };
    const fl = D.hog.flow;
    const flows: Array<Float32Array | null> = rfs.map((r, i) => {
      if (!r.flow) return null;
      const m = matsFor(r.w, r.h);
      m.a.data.set(prevCrops[i]!);
      m.b.data.set(crops[i]!);
      cv.calcOpticalFlowFarneback(
        m.a,
        m.b,
        m.flow,
        fl.pyrScale,
        fl.levels,
        fl.winsize,
        fl.iterations,
        fl.polyN,
        fl.polySigma,
        0,
      );
      return Float32Array.from(m.flow.data32F.subarray(0, r.w * r.h * 2));
    });
    const frameMat = new cv.Mat(H, W, cv.CV_8UC3),
      grayMat = new cv.Mat();
    const records: HogFrameRecord[] = [];

    /** name -> per-repeat seconds; `items` = what one run processes (for the rate). */
    const steps: Array<{
      name: string;
      unit: string;
      items: number | (() => number);
      run: () => Promise<void> | void;
      times: number[];
      cv?: boolean;
    }> = [
      {
        name: 'decode (synthetic render)',
        unit: 'frames/s',
        items: nFrames,
        times: [],
        run: async () => {
          for (const v of videos) {
            const s = await v.src();
            for await (const f of s.frames()) void f;
            s.close();
          }
        },
      },
      {
        name: 'gray (rgbToGray)',
        unit: 'frames/s',
        items: nFrames,
        times: [],
        run: () => {
          for (const v of videos) for (const f of v.frames) rgbToGray(f.data, f.width, f.height);
        },
      },
      {
        name: 'gray: OpenCV cvtColor alone',
        unit: 'frames/s',
        items: nFrames,
        times: [],
        cv: true,
        run: () => {
          for (const v of videos)
            for (const f of v.frames) {
              frameMat.data.set(f.data);
              cv.cvtColor(frameMat, grayMat, cv.COLOR_RGB2GRAY);
            }
        },
      },
      {
        name: 'crop + resample (sampleGray)',
        unit: 'region-frames/s',
        items: rfs.length,
        times: [],
        run: () => {
          for (const r of rfs) crop(r, r.f);
        },
      },
      {
        name: 'crop + resample: OpenCV resize INTER_AREA alone',
        unit: 'region-frames/s',
        items: rfs.length,
        times: [],
        cv: true,
        run: () => {
          const src = new cv.Mat(H, W, cv.CV_8UC1);
          let last = -1;
          for (const r of rfs) {
            const key = r.v * 100000 + r.f;
            if (key !== last) {
              src.data.set(grays[r.v]![r.f]!);
              last = key;
            }
            const x0 = Math.max(0, Math.floor(r.box[0])),
              y0 = Math.max(0, Math.floor(r.box[1]));
            const rect = new cv.Rect(
              x0,
              y0,
              Math.max(1, Math.min(W, Math.ceil(r.box[2])) - x0),
              Math.max(1, Math.min(H, Math.ceil(r.box[3])) - y0),
            );
            const roi = src.roi(rect);
            cv.resize(roi, matsFor(r.w, r.h).dst, new cv.Size(r.w, r.h), 0, 0, cv.INTER_AREA);
            roi.delete();
          }
          src.delete();
        },
      },
      {
        name: 'flow (Farneback, package wrapper)',
        unit: 'region-frames/s',
        items: flowRfs.length,
        times: [],
        run: () => {
          rfs.forEach((r, i) => {
            if (!r.flow) return;
            const m = matsFor(r.w, r.h);
            m.a.data.set(prevCrops[i]!);
            m.b.data.set(crops[i]!);
            cv.calcOpticalFlowFarneback(
              m.a,
              m.b,
              m.flow,
              fl.pyrScale,
              fl.levels,
              fl.winsize,
              fl.iterations,
              fl.polyN,
              fl.polySigma,
              0,
            );
            flows[i]!.set(m.flow.data32F.subarray(0, r.w * r.h * 2)); // the copy out of the WASM heap
          });
        },
      },
      {
        name: 'flow: OpenCV calcOpticalFlowFarneback alone (inputs resident)',
        unit: 'region-frames/s',
        items: flowRfs.length,
        times: [],
        cv: true,
        run: () => {
          // the same crops, already in OpenCV Mats: no JS around the call
          const pairs = rfs.map((r, i) => ({ r, i })).filter((p) => p.r.flow);
          const resident = pairs.map(({ r, i }) => {
            const a = new cv.Mat(r.h, r.w, cv.CV_8UC1),
              b = new cv.Mat(r.h, r.w, cv.CV_8UC1);
            a.data.set(prevCrops[i]!);
            b.data.set(crops[i]!);
            return { a, b, m: matsFor(r.w, r.h) };
          });
          const t = performance.now();
          for (const p of resident)
            cv.calcOpticalFlowFarneback(
              p.a,
              p.b,
              p.m.flow,
              fl.pyrScale,
              fl.levels,
              fl.winsize,
              fl.iterations,
              fl.polyN,
              fl.polySigma,
              0,
            );
          resident.forEach((p) => {
            p.a.delete();
            p.b.delete();
          });
          return (performance.now() - t) / 1000;
        },
      },
      {
        name: 'gradients + histograms (frameRecord)',
        unit: 'region-frames/s',
        items: rfs.length,
        times: [],
        run: () => {
          records.length = 0;
          rfs.forEach((r, i) =>
            records.push(frameRecord(crops[i]!, flows[i]!, r.w, r.h, D.hog.gridX, D.hog.gridY, r.tubeBox)),
          );
        },
      },
      {
        name: 'gradients + polar: OpenCV Sobel x/y + cartToPolar (image and flow) alone',
        unit: 'region-frames/s',
        items: rfs.length,
        times: [],
        cv: true,
        run: () => {
          // the per-pixel maths of frameRecord without its histogram votes: gradient, then magnitude
          // and angle of the gradient and of the flow (HOG, HOF); MBH would add two more cartToPolar
          rfs.forEach((r, i) => {
            const m = matsFor(r.w, r.h);
            m.a.data.set(crops[i]!);
            cv.Sobel(m.a, m.dx, cv.CV_32F, 1, 0, 1);
            cv.Sobel(m.a, m.dy, cv.CV_32F, 0, 1, 1);
            cv.cartToPolar(m.dx, m.dy, m.mag, m.ang);
            if (flows[i]) {
              const uv = new cv.MatVector();
              cv.split(m.flow, uv);
              const [fu, fv] = [uv.get(0), uv.get(1)]; // MatVector.get returns Mats the caller frees
              cv.cartToPolar(fu, fv, m.mag, m.ang);
              fu.delete();
              fv.delete();
              uv.delete();
            }
          });
        },
      },
      {
        name: 'pooling (clipDescriptor, 16-frame clips)',
        unit: 'clips/s',
        items: () => Math.floor(records.length / 16),
        times: [],
        run: () => {
          for (let i = 0; i + 16 <= records.length; i += 16)
            clipDescriptor(
              records.slice(i, i + 16),
              D.hog.gridX * D.hog.gridY,
              D.hog.temporalCells,
              D.hog.tubeSize,
              D.hog.hogWeight,
            );
        },
      },
    ];
    const bb = await createHogHofMbhBackbone(D.hog, D.contextMargin);
    const mem = (v: Video): VideoSource => ({
      uri: `mem://${v.id}`,
      info: { width: W, height: H, fps: 10, frameCount: v.frames.length },
      async *frames() {
        yield* v.frames;
      },
      close() {},
    });
    let colsAll: Awaited<ReturnType<typeof extractClipFeatures>>[] = [];
    const whole = {
      name: 'all steps: extractClipFeatures (frames pre-decoded)',
      unit: 'frames/s',
      items: nFrames,
      times: [] as number[],
      run: async () => {
        colsAll = [];
        for (const v of videos)
          colsAll.push(await extractClipFeatures(mem(v), v.tubes, bb, { grid: D.grid, wholeFrame: true }));
      },
    };
    const write = {
      name: 'artifact write (writeClipFeatures)',
      unit: 'videos/s',
      items: videos.length,
      times: [] as number[],
      run: () => {
        colsAll.forEach((c, i) =>
          writeClipFeatures(
            join(dir, `v${i}.arrow`),
            { width: W, height: H, fps: 10, frameCount: videos[i]!.frames.length },
            c,
            { stage: 'features', codeVersion: 'bench', paramsHash: 'bench', inputs: {} },
          ),
        );
      },
    };
    const all = [...steps, whole, write];
    await whole.run(); // warm-up (JIT, OpenCV buffers)
    for (let rep = 0; rep < REPEATS; rep++) {
      for (const s of all) {
        const t = performance.now();
        const inner = await s.run();
        s.times.push(typeof inner === 'number' ? inner : (performance.now() - t) / 1000);
      }
    }
    const pad = Math.max(...all.map((s) => s.name.length));
    for (const s of all) {
      const sec = med(s.times);
      const rate = (typeof s.items === 'function' ? s.items() : s.items) / sec;
      console.log(
        `${s.name.padEnd(pad)}  ${rate.toFixed(0).padStart(8)} ${s.unit}  (${(sec * 1000).toFixed(0)} ` +
          `ms per run, ${((sec / nFrames) * 1000).toFixed(3)} ms per video frame)`,
      );
      figures.push({
        name: `features step: ${s.name}`,
        value: Math.round(rate),
        unit: s.unit,
        note: `${((sec / nFrames) * 1000).toFixed(3)} ms per video frame`,
      });
    }
    const rows = colsAll.reduce((s, c) => s + c.source.length, 0);
    console.log(`${rows} clip rows x ${colsAll[0]?.dim} written per run`);
    bb.dispose();
    frameMat.delete();
    grayMat.delete();
    for (const m of mats.values()) for (const x of Object.values(m)) (x as AnyCv).delete();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ figures }));
})();
