/**
 * Does a trained model's tube branch generalise? VAUC of its video scores (each video: the max over its
 * candidates scored together in one bag, as in training) on the training split's own videos and on the
 * test split, from a finished pipeline's cached tubes and features and a saved model. A large gap says
 * the scorer fits the training bags without carrying over (docs/diagnosis-ladder.md, "Tracked linking").
 * Video labels only; no ground truth is read.
 * Run: npx tsx tools/bench/tube-branch-fit.ts <pipeline> <model-dir> [--store DIR]
 */
import { silentLogger } from '@wsstad/core';
import { APP } from '@wsstad/cli';
import { buildVideoBags } from '@wsstad/mgpr-trainer';
import { loadPipeline, resolveDataset, stageOutputPath } from '@wsstad/pipeline';
import { loadModel } from '@wsstad/relationship-module';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

/** Mann-Whitney AUC of positives over negatives (ties count half). */
function auc(pos: readonly number[], neg: readonly number[]): number {
  let s = 0;
  for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

async function main(): Promise<void> {
  const [pipeline, modelDir] = args;
  if (!pipeline || !modelDir) throw new Error('usage: tube-branch-fit.ts <pipeline> <model-dir> [--store DIR]');
  const p = loadPipeline(pipeline, { registry: APP.registry, store: opt('--store') });
  const train = p.stages.find((s) => s.uses === 'train');
  if (!train) throw new Error(`pipeline '${p.name}' has no train stage`);
  const input = (name: string) => train.inputs.find((i) => i.name === name)!.fromStage;
  const ds = await resolveDataset(p, APP.datasets, silentLogger);
  const model = await loadModel(modelDir);
  const tp = train.params as { maxTubes?: number; subTubes?: number; poolL2?: 'none' | 'before' | 'after' | 'both' };
  for (const split of ['train', 'test'] as const) {
    const pos: number[] = [];
    const neg: number[] = [];
    for (const v of ds.videos.filter((x) => x.split === split)) {
      const paths = {
        tubes: stageOutputPath(p, input('tubes'), 'tubes', v.id),
        videolets: stageOutputPath(p, input('videolets'), 'videolets', v.id),
        'clip-features': stageOutputPath(p, input('clip-features'), 'clip-features', v.id),
      };
      const b = buildVideoBags(v.id, v.label, paths, {
        maxTubes: tp.maxTubes ?? 200,
        subTubes: tp.subTubes ?? 1,
        multivariate: true,
        poolL2: tp.poolL2 ?? 'after',
      });
      const x = model.normalize(b.tube.region, b.tube.n, 'region');
      const s = await model.tube.scoreBag(x, b.tube.n, b.tube.positions);
      (v.label === 'abnormal' ? pos : neg).push(Math.max(...s));
    }
    console.log(
      `${split}: tube-branch VAUC ${(100 * auc(pos, neg)).toFixed(1)} over ${pos.length + neg.length} videos`,
    );
  }
  model.dispose();
}

void main();
