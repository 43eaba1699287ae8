/**
 * Learning curve of MGPR training on a pipeline's cached artifacts: validation VAUC (the trainer's
 * own held-out train videos, video-level labels only) and test VAUC (test split, scored like
 * `wsstad infer`: every tube split into M sub-tubes, eq. 9, max over the bag) every K iterations.
 * Reads the link and features stages from the store, so run the pipeline up to `features` first.
 *   npx tsx tools/bench/learning-curve.ts [pipeline=synthetic] [json overrides of the train params]
 *   npx tsx tools/bench/learning-curve.ts synthetic '{"iterations":200,"learningRate":0.001}'
 */
import { silentLogger, type VideoEntry } from '@wsstad/core';
import { loadPipeline, resolveDataset, stageOutputPath } from '@wsstad/pipeline';
import { APP } from '@wsstad/cli';
import {
  buildVideoBags,
  normalizeTrainConfig,
  rocAuc,
  splitValidation,
  trainMgpr,
  VARIANTS,
  videoScores,
  type BagInput,
  type VideoBags,
} from '@wsstad/mgpr-trainer';

const [ref = 'synthetic', overrides = '{}'] = process.argv.slice(2);
/** Sub-tubes per tube at test time (the infer stage's default). */
const TEST_SUBTUBES = 4;

async function main(): Promise<void> {
  const p = loadPipeline(ref, { registry: APP.registry });
  const trainSpec = p.stages.find((s) => s.def.name === 'train')!;
  const cfg = normalizeTrainConfig({ ...(trainSpec.params as object), ...JSON.parse(overrides) });
  const ds = await resolveDataset(p, APP.datasets, silentLogger);
  const paths = (v: VideoEntry) => ({
    tubes: stageOutputPath(p, 'link', 'tubes', v.id),
    videolets: stageOutputPath(p, 'link', 'videolets', v.id),
    'clip-features': stageOutputPath(p, 'features', 'clip-features', v.id),
  });
  const multivariate = VARIANTS[cfg.variant]!.multivariate;
  const t0 = Date.now();
  const train = ds.videos
    .filter((v) => v.split === 'train')
    .map((v) =>
      buildVideoBags(v.id, v.label, paths(v), {
        maxTubes: cfg.maxTubes,
        multivariate,
        poolL2: cfg.poolL2,
        subTubes: cfg.subTubes,
      }),
    );
  const inferStyle = (v: VideoEntry) =>
    buildVideoBags(v.id, v.label, paths(v), {
      maxTubes: 100_000,
      multivariate: true,
      poolL2: cfg.poolL2,
      subTubes: TEST_SUBTUBES,
    });
  const test = ds.videos.filter((v) => v.split === 'test').map(inferStyle);
  const testTrainStyle = ds.videos
    .filter((v) => v.split === 'test')
    .map((v) =>
      buildVideoBags(v.id, v.label, paths(v), {
        maxTubes: cfg.maxTubes,
        multivariate,
        poolL2: cfg.poolL2,
        subTubes: cfg.subTubes,
      }),
    );
  const valIds = new Set(
    splitValidation(train, cfg.validationFraction, cfg.seed ?? p.seed).validation.map((v) => v.id),
  );
  const valInferStyle = ds.videos.filter((v) => valIds.has(v.id)).map(inferStyle);
  // A fixed sample of the videos actually trained on: the gap to validation shows overfitting.
  const fitted = train.filter((v) => !valIds.has(v.id)).filter((_, i) => i % 3 === 0);
  console.log(
    `bags: ${train.length} train, ${test.length} test (${((Date.now() - t0) / 1000).toFixed(1)} s); ` +
      `config ${JSON.stringify(cfg)}`,
  );
  const every = cfg.validateEvery;
  const curve: Array<{
    iteration: number;
    val?: number;
    valInfer: number;
    fit: number;
    test: number;
    testTrainStyle: number;
  }> = [];
  const res = await trainMgpr(train, cfg, {
    seed: cfg.seed ?? p.seed,
    onIteration: (it, tf, model, engine) => {
      if (it % every !== 0 && it !== cfg.iterations) return;
      const bag = (v: VideoBags, which: 'region' | 'image'): BagInput => ({
        features: model.normalize(v.tube[which], v.tube.n),
        n: v.tube.n,
        positions: v.tube.positions,
      });
      const vauc = (set: VideoBags[]) =>
        rocAuc(
          videoScores(
            tf,
            model,
            set.map((v) => bag(v, 'region')),
            set.map((v) => bag(v, 'image')),
            1024,
            engine,
          ),
          set.map((v) => (v.label === 'abnormal' ? 1 : 0)),
        );
      curve.push({
        iteration: it,
        valInfer: vauc(valInferStyle),
        fit: vauc(fitted),
        test: vauc(test),
        testTrainStyle: vauc(testTrainStyle),
      });
    },
  });
  const vals = new Map(res.log.flatMap((r) => (r.kind === 'validation' ? [[r.iteration, r.vauc] as const] : [])));
  for (const c of curve) c.val = vals.get(c.iteration);
  for (const c of curve)
    console.log(
      `iteration ${String(c.iteration).padStart(4)}  val VAUC ${c.val?.toFixed(3) ?? '-'} ` +
        `(infer-style ${c.valInfer.toFixed(3)})  trained-on VAUC ${c.fit.toFixed(3)}  test ` +
        `VAUC ${c.test.toFixed(3)} (train-style ${c.testTrainStyle.toFixed(3)})`,
    );
  console.log(`best val ${JSON.stringify(res.best)}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(JSON.stringify({ pipeline: ref, overrides: JSON.parse(overrides), curve, best: res.best }));
  res.model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
