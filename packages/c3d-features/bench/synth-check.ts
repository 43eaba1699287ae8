/**
 * Signal check on the synthetic benchmark (run: npx tsx --tsconfig tsconfig.base.json
 * packages/c3d-features/bench/synth-check.ts): generate the 64 `small` test videos, build one tube per
 * ground-truth object, compute hog-hof-mbh clip features, and fit a plain logistic regression on
 * the even videos separating clips of objects involved in the anomaly (during the event) from all
 * other clips; report the AUC on the odd (held-out) videos. Oracle tubes: this measures the
 * descriptor, not the detector or linker.
 */
import { generateBenchmark, loadManifest, openVideo, readGroundTruth } from '@wsstad/video';
import { createHogHofMbhBackbone, extractClipFeatures, DEFAULT_FEATURES_CONFIG as D } from '@wsstad/c3d-features';
import type { Box, Tube } from '@wsstad/core';
import { dirname, join } from 'node:path';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
(async () => {
  const out = join(tmpdir(), `wsstad-synth-check-${process.pid}`);
  const { manifestPath } = generateBenchmark({
    preset: 'small',
    seed: 1,
    outDir: out,
    overrides: { trainVideos: 0, testVideos: 64 },
  });
  const m = loadManifest(manifestPath) as any;
  const videos = (m.manifest?.videos ?? m.videos) as any[];
  const bb = await createHogHofMbhBackbone(D.hog, D.contextMargin);
  const pos: Float32Array[] = [],
    neg: Float32Array[] = [],
    vidOf: number[] = [],
    lab: number[] = [];
  let frames = 0;
  const t0 = Date.now();
  for (const [vi, v] of videos.entries()) {
    if (!v.groundTruth) continue;
    const gt = readGroundTruth(join(dirname(manifestPath), v.groundTruth)) as any;
    const byObj = new Map<number, { frames: number[]; boxes: Box[]; involved: boolean }>();
    for (const o of gt.objects ?? []) {
      let t = byObj.get(o.objectId);
      if (!t) byObj.set(o.objectId, (t = { frames: [], boxes: [], involved: false }));
      if (t.frames.length && t.frames[t.frames.length - 1] === o.frame) continue;
      t.frames.push(o.frame);
      t.boxes.push(o.box);
      if (o.involved) t.involved = true;
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
    const src = await openVideo(join(dirname(manifestPath), v.uri));
    frames += src.info.frameCount;
    const cf = await extractClipFeatures(src, tubes, bb, { grid: D.grid, wholeFrame: false });
    src.close();
    for (let r = 0; r < cf.source.length; r++) {
      const t = byObj.get(cf.source[r]!)!;
      const ev = gt.event;
      const inEvent = t.involved && ev && cf.clipStart[r]! < ev.endFrame && cf.clipEnd[r]! > ev.startFrame;
      const f = cf.features.slice(r * cf.dim, (r + 1) * cf.dim);
      (inEvent ? pos : neg).push(f);
      lab.push(inEvent ? 1 : 0);
      vidOf.push(vi);
      if (inEvent) (f as any).type = v.category;
    }
  }
  console.log(
    `videos ${videos.length}, ${frames} frames in ${(Date.now() - t0) / 1000}s; pos clips ` +
      `${pos.length}, neg ${neg.length}`,
  );
  // logistic regression trained on even videos, AUC on odd videos
  const X = [...pos, ...neg];
  const y = [...pos.map(() => 1), ...neg.map(() => 0)];
  const vids = [...vidOf.filter((_, i) => lab[i] === 1), ...vidOf.filter((_, i) => lab[i] === 0)];
  const d = X[0]!.length;
  const mu = new Float64Array(d),
    sd = new Float64Array(d);
  X.forEach((x) => x.forEach((v, k) => (mu[k] += v / X.length)));
  X.forEach((x) => x.forEach((v, k) => (sd[k] += (v - mu[k]!) ** 2 / X.length)));
  const Z = X.map((x) => Float64Array.from(x, (v, k) => (v - mu[k]!) / (Math.sqrt(sd[k]!) + 1e-6)));
  const w = new Float64Array(d);
  let b = 0;
  const tr = Z.map((_, i) => i).filter((i) => vids[i]! % 2 === 0),
    te = Z.map((_, i) => i).filter((i) => vids[i]! % 2 === 1);
  const npos = tr.filter((i) => y[i]).length,
    nneg = tr.length - npos;
  for (let ep = 0; ep < 300; ep++) {
    const g = new Float64Array(d);
    let gb = 0;
    for (const i of tr) {
      let s = b;
      for (let k = 0; k < d; k++) s += w[k]! * Z[i]![k]!;
      const p = 1 / (1 + Math.exp(-s));
      const wt = y[i] ? 0.5 / npos : 0.5 / nneg;
      const e = (p - y[i]!) * wt;
      for (let k = 0; k < d; k++) g[k] += e * Z[i]![k]!;
      gb += e;
    }
    for (let k = 0; k < d; k++) w[k] -= 0.5 * (g[k]! + 1e-3 * w[k]!);
    b -= 0.5 * gb;
  }
  const score = (i: number) => {
    let s = b;
    for (let k = 0; k < d; k++) s += w[k]! * Z[i]![k]!;
    return s;
  };
  const auc = (idx: number[]) => {
    const P = idx.filter((i) => y[i]).map(score),
      N = idx.filter((i) => !y[i]).map(score);
    let c = 0;
    for (const p of P) for (const n of N) c += p > n ? 1 : p === n ? 0.5 : 0;
    return c / (P.length * N.length);
  };
  const types = [...new Set(pos.map((f) => (f as unknown as { type: string }).type))];
  const typeOf = (i: number) => (y[i] ? (X[i] as unknown as { type: string }).type : '');
  for (const t of types) {
    const idx = te.filter((i) => !y[i] || typeOf(i) === t);
    if (idx.some((i) => y[i]))
      console.log(`  held-out AUC ${t}: ${auc(idx).toFixed(3)} (${idx.filter((i) => y[i]).length} clips)`);
  }
  console.log(
    `clip-level AUC involved-in-event vs rest: train ${auc(tr).toFixed(3)}, held-out videos ` +
      `${auc(te).toFixed(3)} (test pos ${te.filter((i) => y[i]).length}, neg ` +
      `${te.filter((i) => !y[i]).length})`,
  );
  bb.dispose();
  rmSync(out, { recursive: true, force: true });
})();
