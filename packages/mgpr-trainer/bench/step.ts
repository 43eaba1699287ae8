/**
 * Time per MGPR training iteration (temporal step + tube step, guidance included) on the chosen
 * engine (tfjs on the backend picked here, or onnxruntime-node), with GFLOP/s against counted
 * FLOPs and the iteration's profile (phases), and the same step in PyTorch when /usr/bin/python3
 * has torch (Debian: apt-get install python3-torch): the straightforward bench/reference_step.py
 * and the tuned bench/reference_step_tuned.py.
 *   npx tsx packages/mgpr-trainer/bench/step.ts [D=512] [bags=60] [tubeN=200] [videoletN=32] \
 *     [microBatch=0] [engine=tfjs|onnxruntime] [timed=3] [warmup=2]
 * Both sides (engine and PyTorch) run `warmup` untimed iterations, then report the mean of `timed`: onnxruntime's
 * arena and V8's optimising tiers settle over the first two or three iterations, and a training run does hundreds.
 * Prints one JSON object as the last stdout line (tools/src/bench/figures.ts reads it).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Rng, pickTfBackend } from '@wsstad/core';
import { createModel, normalizeModelConfig, type ModelConfig } from '@wsstad/relationship-module';
import {
  Adam,
  attachTrainEngines,
  branchStep,
  lap,
  scoreBags,
  type BagInput,
  type StepProfile,
  type TrainEngine,
} from '@wsstad/mgpr-trainer';

const [D, BAGS, NT, NV, MB] = [512, 60, 200, 32, 0].map((d, i) => Number(process.argv[2 + i] ?? d)) as [
  number,
  number,
  number,
  number,
  number,
];
const ENGINE = (process.argv[7] ?? 'tfjs') as TrainEngine;
if (!['tfjs', 'onnxruntime'].includes(ENGINE)) throw new Error(`engine must be tfjs or onnxruntime, got ${ENGINE}`);
const [TIMED, WARMUP] = [3, 2].map((d, i) => Number(process.argv[8 + i] ?? d)) as [number, number];
if (!(TIMED >= 1 && WARMUP >= 0)) throw new Error(`timed must be >= 1 and warmup >= 0, got ${TIMED}, ${WARMUP}`);

/** Forward FLOPs of one bag of n instances (multiply-add = 2). */
function fwdFlops(c: ModelConfig, n: number): number {
  const d = c.featureDim;
  return 3 * 2 * n * d * d + 2 * 2 * n * n * d + 2 * n * (d * c.hidden[0] + c.hidden[0] * c.hidden[1] + c.hidden[1]);
}

(async () => {
  const { tf, backend } = await pickTfBackend();
  const cfg = normalizeModelConfig({ featureDim: D });
  const model = await createModel(cfg, 0);
  // WSSTAD_ORT_DEVICE=cuda runs the engine on onnxruntime's CUDA execution provider (tools/bench/gpu.sh).
  const engines = await attachTrainEngines(
    { engine: ENGINE, engineDevice: (process.env.WSSTAD_ORT_DEVICE as 'cpu' | 'cuda' | undefined) ?? 'cpu' },
    model,
  );
  const engine = engines.ort;
  const provider = engine?.provider ?? 'none';
  const rng = new Rng(1);
  const bag = (n: number): BagInput => ({
    n,
    features: Float32Array.from({ length: n * D }, () => rng.normal()),
    positions: new Float32Array(n),
  });
  const labels = Array.from({ length: BAGS }, (_, i) => (i < BAGS / 2 ? 1 : 0));
  const tubes = labels.map(() => bag(NT)),
    images = labels.map(() => bag(NT)),
    vlets = labels.map(() => bag(NV));
  const adams = {
    tube: new Adam(tf, model.branches.tube.variables, { lr: 5e-4 }),
    temporal: new Adam(tf, model.branches.temporal.variables, { lr: 5e-4 }),
  };
  let passes = 0;
  let groups = 0;
  let profile: StepProfile | undefined;
  const oneStep = (which: 'tube' | 'temporal') => {
    const br = model.branches[which],
      other = which === 'tube' ? model.branches.temporal : model.branches.tube;
    const bags = which === 'tube' ? tubes : vlets,
      counter = which === 'tube' ? images : vlets;
    const g = lap(profile, 'guidance: other branch forward', () =>
      scoreBags(tf, other, cfg, counter.slice(0, BAGS / 2), 1024, engine),
    );
    const t0 = performance.now();
    const r = branchStep(
      tf,
      br,
      cfg,
      { bags, labels, guidance: labels.map((l, i) => (l ? g[i] : undefined)) },
      {
        loss: 'mg-rank+ce',
        pairing: 'all',
        smoothness: 0,
        sparsity: 0,
        microBatch: MB,
        memoryBudgetMB: 1024,
        dropoutSeed: 1,
        profile,
        engine,
      },
    );
    if (profile) profile['branch step (total)'] = (profile['branch step (total)'] ?? 0) + performance.now() - t0;
    // tfjs recomputes the forward in pass 2 when micro-batched; the onnxruntime engine reuses pass 1's Q/K/V (counted
    // as 3, like torch).
    passes = r.microBatches > 1 && ENGINE === 'tfjs' ? 4 : 3;
    groups = Math.max(groups, r.microBatches);
    lap(profile, 'Adam', () => adams[which].step(r.grads));
    r.grads.forEach((t) => t.dispose());
  };
  const iteration = () => {
    oneStep('temporal');
    oneStep('tube');
  };
  for (let i = 0; i < WARMUP; i++) iteration(); // kernel setup, arena growth, JIT tiers
  profile = {};
  const t0 = Date.now();
  for (let i = 0; i < TIMED; i++) iteration();
  const sec = (Date.now() - t0) / 1000 / TIMED;
  const split = Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, v / TIMED]));
  profile = undefined;
  const inStep = Object.entries(split)
    .filter(([k]) => !['guidance: other branch forward', 'Adam', 'branch step (total)'].includes(k))
    .reduce((a, [, v]) => a + v, 0);
  split['other (inside the step: tfjs glue, score gathering)'] = split['branch step (total)']! - inStep;
  delete split['branch step (total)'];
  console.log(`iteration profile (${ENGINE}, ${sec.toFixed(2)} s):`);
  for (const [k, v] of Object.entries(split).sort((a, b) => b[1] - a[1]))
    console.log(`  ${k.padEnd(58)} ${(v / 1000).toFixed(3)} s  ${((100 * v) / 1000 / sec).toFixed(1)}%`);
  const flops =
    BAGS * passes * (fwdFlops(cfg, NT) + fwdFlops(cfg, NV)) + (BAGS / 2) * (fwdFlops(cfg, NT) + fwdFlops(cfg, NV));
  const out: Record<string, unknown> = {
    engine: ENGINE,
    backend: ENGINE === 'tfjs' ? backend : `onnxruntime-node ${provider}`,
    D,
    bags: BAGS,
    // glibc malloc settings of this process and the PyTorch children (npm run bench sets core's ALLOCATOR_TUNABLES).
    allocator: process.env.GLIBC_TUNABLES ?? 'glibc defaults',
    timedIterations: TIMED,
    warmupIterations: WARMUP,
    tubeInstances: NT,
    videoletInstances: NV,
    microBatches: groups,
    secondsPerIteration: +sec.toFixed(2),
    countedGFlop: +(flops / 1e9).toFixed(1),
    gflops: +(flops / 1e9 / sec).toFixed(1),
    tfMemoryMB: Math.round(tf.memory().numBytes / 2 ** 20),
  };
  engines.release();
  model.dispose();
  // The PyTorch references in the same run: the straightforward one and the tuned one (same model,
  // losses and optimizer; see reference_step_tuned.py), each timed like the engine.
  const refFlops =
    BAGS * 3 * (fwdFlops(cfg, NT) + fwdFlops(cfg, NV)) + (BAGS / 2) * (fwdFlops(cfg, NT) + fwdFlops(cfg, NV));
  const refs: Array<{ key: string; label: string; script: string }> = [
    { key: 'torch', label: 'straightforward', script: 'reference_step.py' },
    { key: 'torchTuned', label: 'tuned', script: 'reference_step_tuned.py' },
  ];
  for (const r of refs) {
    try {
      const py = execFileSync(
        '/usr/bin/python3',
        [join(__dirname, r.script), ...[D, NT, NV, BAGS, TIMED, WARMUP].map(String)],
        { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '2' }, timeout: 1_200_000 },
      );
      const ref = JSON.parse(py.trim().split('\n').at(-1)!) as {
        seconds_per_iteration: number;
        tube_step_seconds: number;
        torch: string;
        threads: number;
      };
      Object.assign(out, {
        [r.key]: ref.torch,
        [`${r.key}Threads`]: ref.threads,
        [`${r.key}SecondsPerIteration`]: +ref.seconds_per_iteration.toFixed(2),
        // The tube step alone (its guidance forward included), the unit measurements.md timed as "one training step".
        [`${r.key}TubeStepSeconds`]: +ref.tube_step_seconds.toFixed(2),
        [`${r.key}GFlops`]: +(refFlops / 1e9 / ref.seconds_per_iteration).toFixed(1),
        [`engineOver_${r.key}`]: +(sec / ref.seconds_per_iteration).toFixed(2),
      });
    } catch (e) {
      out[r.key] = `unavailable: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  // Last line: the bench-suite contract (tools/src/bench/figures.ts): named figures, plus the raw keys under `detail`.
  const shape = `D=${D}, ${BAGS} bags x ${NT} tubes + ${NV} videolets`;
  const figures: Array<{ name: string; value: number | string; unit: string }> = [
    {
      name: `${ENGINE} training iteration (${shape}; ${out.backend})`,
      value: out.secondsPerIteration as number,
      unit: 's',
    },
    {
      name: `${ENGINE} counted throughput (${out.countedGFlop} GFLOP per iteration)`,
      value: out.gflops as number,
      unit: 'GFLOP/s',
    },
    ...Object.entries(split)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => ({ name: `${ENGINE} iteration profile: ${k}`, value: +(v / 1000).toFixed(3), unit: 's' })),
  ];
  for (const r of refs) {
    const t = out[`${r.key}SecondsPerIteration`];
    if (typeof t === 'number') {
      figures.push(
        {
          name: `PyTorch ${out[r.key]} ${r.label} (${out[`${r.key}Threads`]} threads), same iteration, same run`,
          value: t,
          unit: 's',
        },
        { name: `PyTorch ${r.label} counted throughput`, value: out[`${r.key}GFlops`] as number, unit: 'GFLOP/s' },
        { name: `${ENGINE} time / PyTorch ${r.label} time`, value: out[`engineOver_${r.key}`] as number, unit: 'x' },
      );
    } else figures.push({ name: `PyTorch reference (${r.label})`, value: String(out[r.key]), unit: '' });
  }
  console.log(JSON.stringify({ figures, detail: out }));
})();
