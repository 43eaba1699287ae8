import type { CommandModule } from 'yargs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cliContext } from '../context';
import { readModelInfo } from './model-info';

interface Args {
  pipeline: string;
  store?: string;
  all: boolean;
  json: boolean;
}

export interface ListedModel {
  stage: string;
  /**
   * Content hash of the model directory (the store's tree hash): identical training gives the same hash, whatever the
   * date.
   */
  hash: string;
  path: string;
  /** The model the pipeline's manifest points to now (what `wsstad run` last produced). */
  current: boolean;
  variant: string | null;
  params: Record<string, unknown> | null;
  bestValidation: { iteration: number; vauc: number } | null;
  /** Test metrics of the pipeline's evaluate stage, when it ran on this model. */
  metrics: Record<string, number | null> | null;
}

const pct = (v: number | null | undefined) => (typeof v === 'number' ? (100 * v).toFixed(2) : '—');

/**
 * Trained models of a pipeline: the current one of each model-writing stage, and with `all` every one of those stages
 * in the store.
 */
export async function listModels(ref: string, o: { store?: string; all?: boolean } = {}): Promise<ListedModel[]> {
  const [{ loadPipeline, openStore, stagesWithOutput }, { APP }] = await Promise.all([
    import('@wsstad/pipeline'),
    import('../wiring'),
  ]);
  const p = loadPipeline(ref, { registry: APP.registry, store: o.store });
  const store = openStore(p.storeDir);
  const evalStage = stagesWithOutput(p, 'report')[0];
  const evalManifest = evalStage ? store.readManifest(p.name, evalStage) : undefined;
  const evaluated = new Map<string, Record<string, number | null>>();
  if (evalManifest) {
    // The evaluate stage's key inputs name the model tree it scored (through infer): read its metrics when the chain
    // matches.
    const report = Object.values(evalManifest.videos)[0]?.outputs.report;
    const infer = p.stages.find((s) => s.def.outputs.includes('video-scores'));
    const inferM = infer ? store.readManifest(p.name, infer.name) : undefined;
    const modelHash = inferM
      ? Object.values(inferM.videos)
          .map((v) => v.inputs.model)
          .find(Boolean)
      : undefined;
    if (report && modelHash) {
      const mj = join(store.materializeTree(report), 'metrics.json');
      if (existsSync(mj)) {
        const row = (JSON.parse(readFileSync(mj, 'utf8')) as { rows?: Array<Record<string, unknown>> }).rows?.[0] ?? {};
        evaluated.set(
          modelHash,
          Object.fromEntries(
            ['vauc', 'miou', 'far', 'frameAuc'].map((k) => [k, typeof row[k] === 'number' ? (row[k] as number) : null]),
          ),
        );
      }
    }
  }
  const out: ListedModel[] = [];
  for (const stage of stagesWithOutput(p, 'model')) {
    const m = store.readManifest(p.name, stage);
    const current = m ? Object.values(m.videos)[0]?.outputs.model : undefined;
    const hashes = new Set<string>(current ? [current] : []);
    if (o.all) {
      const keys = join(p.storeDir, 'keys', stage);
      if (existsSync(keys)) {
        for (const d of readdirSync(keys)) {
          for (const f of readdirSync(join(keys, d))) {
            // Through the store's reader: it checks the key's seal and skips torn files instead of throwing.
            const h = f.endsWith('.json') ? store.readKey(stage, basename(f, '.json'))?.outputs.model?.hash : undefined;
            if (h && store.verify(h)) hashes.add(h);
          }
        }
      }
    }
    for (const hash of hashes) {
      const path = store.materializeTree(hash);
      const meta = readModelInfo(path).meta;
      const training = (meta.training ?? {}) as {
        variant?: string;
        config?: Record<string, unknown>;
        best?: { iteration: number; vauc: number } | null;
      };
      out.push({
        stage,
        hash,
        path,
        current: hash === current,
        variant: training.variant ?? null,
        params: training.config ?? null,
        bestValidation: training.best ?? null,
        metrics: evaluated.get(hash) ?? null,
      });
    }
  }
  return out;
}

export const modelsCommand: CommandModule<object, Args> = {
  command: 'models <pipeline>',
  describe: 'list the trained models of a pipeline: path, content hash, training params, validation and test metrics',
  builder: (y) =>
    y
      .positional('pipeline', {
        type: 'string',
        demandOption: true,
        describe: 'pipeline name, directory or pipeline.yaml path',
      })
      .option('store', {
        type: 'string',
        describe: "store directory (default: the pipeline file's store:, else .wsstad/store)",
      })
      .option('all', {
        type: 'boolean',
        default: false,
        describe: 'also list earlier models of the same stage still in the store (other params or seeds)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .example('$0 models synthetic', 'where the current model is, and how it scored')
      .example('$0 infer clip.mp4 --model "$($0 models synthetic --json | jq -r .[0].path)"', 'score a clip with it'),
  handler: async (argv) => {
    const { io } = cliContext(argv as never);
    const models = await listModels(argv.pipeline, { store: argv.store, all: argv.all });
    if (argv.json) {
      io.out(JSON.stringify(models, null, 2));
      return;
    }
    if (!models.length) {
      io.out(`no trained model yet: run \`wsstad run ${argv.pipeline}\``);
      return;
    }
    for (const m of models) {
      io.out(`${m.current ? '*' : ' '} ${m.stage} ${m.hash.slice(0, 12)}  ${m.path}`);
      const pr = m.params
        ? Object.entries(m.params)
            .filter(([k]) => ['variant', 'iterations', 'learningRate', 'subTubes', 'maxTubes', 'seed'].includes(k))
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(' ')
        : '';
      io.out(
        `    ${pr}` +
          `${m.bestValidation ? `  best val VAUC ${pct(m.bestValidation.vauc)} @${m.bestValidation.iteration}` : ''}`,
      );
      if (m.metrics)
        io.out(
          `    test: VAUC ${pct(m.metrics.vauc)}  MIoU ${pct(m.metrics.miou)}  ` +
            `FAR ${pct(m.metrics.far)}  frame AUC ${pct(m.metrics.frameAuc)}`,
        );
    }
    io.out('(* = the model the pipeline uses now)');
  },
};
