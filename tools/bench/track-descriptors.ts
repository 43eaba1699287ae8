/**
 * Would object-centric track descriptors raise what the front end allows? Runs the diagnosis ladder on a finished
 * pipeline's stored artifacts twice, without and with 20 descriptors appended to every candidate's region feature
 * (the ladder's `probe`), and prints the ceiling and plain MIL rows with their per-type VAUC. The descriptors come from
 * the candidate's boxes and the other tubes of its video only (issue 15: motion, shape change, interaction with nearby
 * tubes), never from labels or ground truth; speeds are in box sizes per frame, so they do not depend on resolution.
 * Run: npx tsx tools/bench/track-descriptors.ts <pipeline> [--store DIR] [--bootstrap N]
 */
import { createLogger, type Box, type Tube } from '@wsstad/core';
import { APP, loadLadderOptions } from '@wsstad/cli';
import { runLadder, type CandidateFeatureProbe, type LadderResult } from '@wsstad/evaluator';
import { loadPipeline } from '@wsstad/pipeline';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

const cx = (b: Box) => (b[0] + b[2]) / 2;
const cy = (b: Box) => (b[1] + b[3]) / 2;
const bw = (b: Box) => b[2] - b[0] + 1;
const bh = (b: Box) => b[3] - b[1] + 1;
const mean = (x: readonly number[]) => (x.length ? x.reduce((a, b) => a + b, 0) / x.length : 0);
const std = (x: readonly number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));
function quantile(x: readonly number[], p: number): number {
  if (!x.length) return 0;
  const s = [...x].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!;
}
const dist = (a: Box, b: Box, scale: number) => Math.hypot(cx(a) - cx(b), cy(a) - cy(b)) / scale;

/** Speed (3-frame displacement), jerk (second difference), turning, aspect and size change of one candidate. */
function motionAndShape(frames: readonly number[], boxes: readonly Box[], scale: number): number[] {
  const speed: number[] = [];
  const speed3: number[] = [];
  const jerk: number[] = [];
  const turn: number[] = [];
  const sizeStep: number[] = [];
  for (let i = 1; i < frames.length; i++) {
    const dt = frames[i]! - frames[i - 1]!;
    const [a, b] = [boxes[i - 1]!, boxes[i]!];
    speed.push(dist(a, b, scale) / dt);
    sizeStep.push(Math.abs(Math.log((bw(b) * bh(b)) / (bw(a) * bh(a)))) / dt);
    if (i >= 2) {
      const p = boxes[i - 2]!;
      jerk.push(Math.hypot(cx(b) - 2 * cx(a) + cx(p), cy(b) - 2 * cy(a) + cy(p)) / scale);
    }
    if (i >= 6) {
      const [p0, p1] = [boxes[i - 6]!, boxes[i - 3]!];
      const u = [cx(p1) - cx(p0), cy(p1) - cy(p0)] as const;
      const v = [cx(b) - cx(p1), cy(b) - cy(p1)] as const;
      const [nu, nv] = [Math.hypot(...u), Math.hypot(...v)];
      speed3.push(nv / scale / 3);
      // Heading change only where the object really moves (jitter of a standing blob has no heading).
      if (nu > 0.3 * scale && nv > 0.3 * scale)
        turn.push(Math.acos(Math.max(-1, Math.min(1, (u[0] * v[0] + u[1] * v[1]) / nu / nv))));
    }
  }
  const aspect = boxes.map((b) => Math.log(bw(b) / bh(b)));
  const log10 = (x: number) => Math.log1p(10 * x);
  return [
    log10(quantile(speed3, 0.5)),
    log10(quantile(speed3, 0.9)),
    log10(Math.max(0, ...speed3)),
    log10(quantile(speed, 0.9)),
    log10(mean(jerk)),
    log10(quantile(jerk, 0.9)),
    mean(turn),
    quantile(turn, 0.9),
    Math.min(...aspect),
    Math.max(...aspect),
    std(aspect),
    aspect[aspect.length - 1]! - aspect[0]!,
    mean(sizeStep),
    quantile(sizeStep, 0.9),
    Math.log(frames.length),
    speed3.length ? speed3.filter((v) => v < 0.02).length / speed3.length : 0,
  ];
}

/** Other unary tubes near the candidate: how many, overlap share, closest approach, births and deaths next to it. */
function interaction(c: Parameters<CandidateFeatureProbe>[0], tubes: readonly Tube[], scale: number): number[] {
  const at = new Map(c.frames.map((f, i) => [f, i] as const));
  const [f0, f1] = [c.frames[0]!, c.frames[c.frames.length - 1]!];
  let near = 0;
  let overlap = 0;
  let closest = 10;
  let events = 0;
  for (const t of tubes) {
    if (t.id === c.tubeId || t.kind !== 'unary' || t.frames[t.frames.length - 1]! < f0 || t.frames[0]! > f1) continue;
    let touched = false;
    t.frames.forEach((f, k) => {
      const i = at.get(f);
      if (i === undefined) return;
      const [a, b] = [c.boxes[i]!, t.boxes[k]!];
      const d = dist(a, b, scale);
      closest = Math.min(closest, d);
      touched ||= d < 1.5;
      if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) overlap++;
    });
    if (touched) near++;
    // A tube that starts or ends beside the candidate: two objects merging into one blob, or splitting.
    for (const k of [0, t.frames.length - 1]) {
      const i = at.get(t.frames[k]!);
      if (i !== undefined && dist(c.boxes[i]!, t.boxes[k]!, scale) < 2) events++;
    }
  }
  return [Math.log1p(near), overlap / c.frames.length, Math.log1p(closest), Math.log1p(events)];
}

const trackDescriptors: CandidateFeatureProbe = (c, tubes) => {
  if (c.frames.length === 0) return new Float32Array(20);
  const scale = quantile(
    c.boxes.map((b) => Math.sqrt(bw(b) * bh(b))),
    0.5,
  );
  return Float32Array.from([...motionAndShape(c.frames, c.boxes, scale), ...interaction(c, tubes, scale)]);
};

function summary(label: string, r: LadderResult): void {
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : (100 * x).toFixed(2));
  for (const row of r.rows.slice(1, 3)) {
    const ci = row.ci?.vauc;
    console.log(
      `${label} | ${row.method.split(':')[0]} | VAUC ${pct(row.vauc)} [${pct(ci?.lo)}, ${pct(ci?.hi)}] | ` +
        `MIoU ${pct(row.miou)} | frame AUC ${pct(row.frameAuc)}`,
    );
  }
  for (const t of r.byType.filter((x) => x.kind === 'anomaly')) {
    const v = (name: string) => pct(t.rungs[name]?.vauc?.estimate);
    console.log(`${label} | ${t.type} | ceiling VAUC ${v(r.rows[1]!.method)} | plain MIL VAUC ${v(r.rows[2]!.method)}`);
  }
}

async function main(): Promise<void> {
  const [pipeline] = args;
  if (!pipeline) throw new Error('usage: track-descriptors.ts <pipeline> [--store DIR] [--bootstrap N]');
  const log = createLogger({ level: 'warn' });
  const p = loadPipeline(pipeline, { registry: APP.registry, store: opt('--store') });
  const bootstrap = opt('--bootstrap') === undefined ? 200 : Number(opt('--bootstrap'));
  const o = await loadLadderOptions(p, { store: opt('--store'), bootstrap, log, pipelineArg: pipeline });
  summary('region features', await runLadder(o));
  summary('+ track descriptors', await runLadder({ ...o, probe: trackDescriptors }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
