/**
 * Is Adam worth moving off tfjs-wasm? The package's Adam (src/adam.ts: tfjs ops per variable)
 * against a candidate fused host loop (below: one pass, every op rounded to float32 with
 * Math.fround, so it is bit-identical to the tfjs ops), on one branch's real variables,
 * interleaved, CPU seconds (both single-threaded; robust to other jobs' load), medians; checks
 * that the two give bit-identical weights. Measured (issue 19): the tfjs-wasm kernels (XNNPACK,
 * SIMD) run the whole update at ~12 ns per parameter, the JS loop at ~28, so Adam stays on tfjs.
 *   npx tsx packages/mgpr-trainer/bench/adam.ts [D=512] [repeats=5]
 * Last stdout line: the figures JSON (tools/bench/run-all.ts).
 */
import type * as TF from '@tensorflow/tfjs';
import { Rng, pickTfBackend } from '@wsstad/core';
import { createModel, normalizeModelConfig, type Tf } from '@wsstad/relationship-module';
import { Adam } from '@wsstad/mgpr-trainer';

const D = Number(process.argv[2] ?? 512);
const REPEATS = Number(process.argv[3] ?? 5);

const f32 = Math.fround;

/** The candidate: the same update as src/adam.ts in one host loop per variable (float32 after every op). */
function hostAdamStep(
  tf: Tf,
  vars: readonly TF.Variable[],
  m: TF.Variable[],
  v: TF.Variable[],
  grads: TF.Tensor[],
  t: number,
  lr: number,
): void {
  const lrT = f32((lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t));
  vars.forEach((x, i) => {
    const g = grads[i]!.dataSync() as Float32Array;
    const mi = (m[i]!.dataSync() as Float32Array).slice(),
      vi = (v[i]!.dataSync() as Float32Array).slice(),
      w = (x.dataSync() as Float32Array).slice();
    update(w, mi, vi, g, f32(0.9), f32(1 - 0.9), f32(0.999), f32(1 - 0.999), lrT, f32(1e-7));
    for (const [variable, data] of [
      [m[i]!, mi],
      [v[i]!, vi],
      [x, w],
    ] as const) {
      const tt = tf.tensor(data, variable.shape, 'float32');
      variable.assign(tt);
      tt.dispose();
    }
  });
}

/** Top level and monomorphic: inside a closure V8 ran it ~8x slower. */
function update(
  w: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  lrT: number,
  eps: number,
): void {
  for (let j = 0; j < w.length; j++) {
    const gj = g[j]!;
    const mj = f32(f32(m[j]! * b1) + f32(gj * c1));
    const vj = f32(f32(v[j]! * b2) + f32(f32(gj * gj) * c2));
    m[j] = mj;
    v[j] = vj;
    w[j] = f32(w[j]! - f32(f32(mj * lrT) / f32(f32(Math.sqrt(vj)) + eps)));
  }
}

const cpu = (fn: () => void) => {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1e6;
};
const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]!;

(async () => {
  const { tf, backend } = await pickTfBackend();
  const cfg = normalizeModelConfig({ featureDim: D });
  const a = await createModel(cfg, 0),
    b = await createModel(cfg, 0);
  const va = a.branches.tube.variables as TF.Variable[],
    vb = b.branches.tube.variables as TF.Variable[];
  const params = va.reduce((s, x) => s + x.size, 0);
  const adam = new Adam(tf, va, { lr: 5e-4 });
  const m = vb.map((x) => tf.variable(tf.zerosLike(x), false)),
    v = vb.map((x) => tf.variable(tf.zerosLike(x), false));
  const rng = new Rng(2);
  const tF: number[] = [],
    tT: number[] = [];
  for (let r = 1; r <= REPEATS; r++) {
    const grads = va.map((x) =>
      tf.tensor(
        Float32Array.from({ length: x.size }, () => rng.normal() * 1e-2),
        x.shape,
      ),
    );
    const order = r % 2 ? ['fused', 'tfjs'] : ['tfjs', 'fused'];
    for (const o of order) {
      if (o === 'fused') tF.push(cpu(() => hostAdamStep(tf, vb, m, v, grads, r, 5e-4)));
      else tT.push(cpu(() => adam.step(grads)));
    }
    tf.dispose(grads);
  }
  const same = va.every((x, i) =>
    Buffer.from((x.dataSync() as Float32Array).buffer).equals(Buffer.from((vb[i]!.dataSync() as Float32Array).buffer)),
  );
  const f = med(tF),
    t = med(tT);
  console.log(
    `Adam, one branch at D=${D} (${(params / 1e6).toFixed(2)} M parameters), ${backend}: candidate ` +
      `fused host loop ${f.toFixed(3)} s, package Adam (tfjs ops) ${t.toFixed(3)} s (CPU seconds, median ` +
      `of ${REPEATS}); ${(t / f).toFixed(1)}x; bit-identical: ${same}`,
  );
  if (!same) process.exitCode = 1;
  console.log(
    JSON.stringify({
      figures: [
        {
          name: `Adam, one branch (D=${D}, ${(params / 1e6).toFixed(2)} M params): package Adam, tfjs ops (${backend})`,
          value: +t.toFixed(3),
          unit: 'CPU s',
        },
        {
          name: `Adam, one branch (D=${D}): candidate fused host loop (bit-identical: ${same})`,
          value: +f.toFixed(3),
          unit: 'CPU s',
        },
        { name: 'Adam: candidate / package time', value: +(f / t).toFixed(1), unit: 'x' },
      ],
    }),
  );
  adam.dispose();
  tf.dispose([...m, ...v]);
  a.dispose();
  b.dispose();
})();
