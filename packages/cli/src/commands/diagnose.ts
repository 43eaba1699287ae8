import type { CommandModule } from 'yargs';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ConfigError,
  readClipFeatures,
  readDetections,
  readTubes,
  type DatasetVideoInput,
  type VideoEntry,
} from '@wsstad/core';
import type { BagShape, EvalConfig, InferConfig } from '@wsstad/evaluator';
import type { Pipeline } from '@wsstad/pipeline';
import { cliContext } from '../context';

interface Args {
  pipeline: string;
  store?: string;
  out?: string;
  bootstrap?: number;
  json: boolean;
}

/** The stage of the pipeline that binds `input` of its `uses` stage, e.g. the infer stage's 'tubes'. */
function stageOf(p: Pipeline, uses: string): Pipeline['stages'][number] {
  const s = p.stages.find((x) => x.uses === uses);
  if (!s)
    throw new ConfigError(`pipeline '${p.name}' has no '${uses}' stage; the ladder reads its artifacts`, {
      file: p.file,
      hint: 'diagnose a pipeline with detect, link, features, train, infer and evaluate stages',
    });
  return s;
}
function producer(p: Pipeline, consumer: Pipeline['stages'][number], input: string): string {
  const b = consumer.inputs.find((i) => i.name === input);
  if (!b) throw new ConfigError(`stage '${consumer.name}' has no input '${input}'`, { file: p.file });
  return b.fromStage;
}

/** A training video's ground truth: its manifest entry's file, else the synthetic benchmark's train-gt/<id>.gt.json. */
function trainGroundTruthFile(v: VideoEntry, datasetDir: string): string | null {
  if (v.groundTruth) return isAbsolute(v.groundTruth) ? v.groundTruth : join(datasetDir, v.groundTruth);
  const f = join(datasetDir, 'train-gt', `${v.id}.gt.json`);
  return existsSync(f) ? f : null;
}

export const diagnoseCommand: CommandModule<object, Args> = {
  command: 'diagnose <pipeline>',
  describe:
    "diagnosis ladder on a pipeline's cached artifacts: detector recall, best-candidate oracle, a " +
    'fully-supervised ceiling (diagnostic), a plain MIL baseline and the method, with intervals',
  builder: (y) =>
    y
      .positional('pipeline', {
        type: 'string',
        demandOption: true,
        describe: 'pipeline name, directory or pipeline.yaml (run it first; its dataset needs training ground truth)',
      })
      .option('store', { type: 'string', describe: "store directory (default: the pipeline's)" })
      .option('out', { type: 'string', describe: 'also write the table (ladder.md) and ladder.json here' })
      .option('bootstrap', {
        type: 'number',
        describe: "bootstrap resamples of the intervals (default: the evaluate stage's, 1000)",
      })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of the Markdown table' })
      .example('$0 diagnose synthetic', 'the ladder of the default pipeline'),
  handler: async (argv) => {
    const { io, log } = cliContext(argv as never);
    // Loaded here, not at the top: the evaluator pulls in sharp and the app wiring the model stack (CLI start-up).
    const [
      { ladderShapes, loadEvalVideos, normalizeEvalConfig, renderLadder, runLadder },
      { loadPipeline, pipelineStatus, resolveDataset, stageOutputPath },
      { readGroundTruth },
      { APP },
    ] = await Promise.all([
      import('@wsstad/evaluator'),
      import('@wsstad/pipeline'),
      import('@wsstad/video'),
      import('../wiring'),
    ]);
    const p = loadPipeline(argv.pipeline, { registry: APP.registry, store: argv.store });
    // The ladder reads the last run stored under the pipeline's name: say so when the file's settings (or the code)
    // have moved on since, or the table would be read as this configuration's.
    const status = await pipelineStatus(p, { ...APP, log, store: argv.store });
    for (const s of status.stages.filter((x) => !x.upToDate)) {
      const why = s.reasons.slice(0, 3).join('; ') + (s.reasons.length > 3 ? `; +${s.reasons.length - 3} more` : '');
      log.warn(
        `stage '${s.stage}' is stale (${why}): the ladder reads its last stored run, not these settings; ` +
          `run 'wsstad run ${argv.pipeline}' first (details: wsstad status ${argv.pipeline})`,
      );
    }
    const infer = stageOf(p, 'infer');
    const train = stageOf(p, 'train');
    const evaluate = stageOf(p, 'evaluate');
    const detect = p.stages.find((s) => s.uses === 'detect');
    const tubesStage = producer(p, infer, 'tubes');
    const featStage = producer(p, infer, 'clip-features');
    const ds = await resolveDataset(p, APP.datasets, log);
    const at = (stage: string, out: string, id: string) => stageOutputPath(p, stage, out, id);
    const ip = infer.params as InferConfig;
    const tp = train.params as { subTubes: number; maxTubes: number; poolL2: BagShape['l2'] };
    const evalCfg: EvalConfig = {
      ...normalizeEvalConfig(evaluate.params),
      ...(argv.bootstrap !== undefined ? { bootstrap: argv.bootstrap } : {}),
    };
    const testEntries = ds.videos.filter((v) => v.split === 'test');
    const inputs: DatasetVideoInput[] = testEntries.map((video) => ({
      video,
      inputs: {
        'video-scores': at(infer.name, 'video-scores', video.id),
        'frame-scores': at(infer.name, 'frame-scores', video.id),
        tubes: at(tubesStage, 'tubes', video.id),
        ...(detect ? { detections: at(detect.name, 'detections', video.id) } : {}),
      },
    }));
    const evalVideos = await loadEvalVideos(inputs, ds.dir, undefined, log);
    const result = await runLadder({
      train: ds.videos
        .filter((v) => v.split === 'train')
        .map((v) => ({
          id: v.id,
          abnormal: v.label === 'abnormal',
          load: () => ({
            tubes: readTubes(at(tubesStage, 'tubes', v.id)).tubes,
            features: readClipFeatures(at(featStage, 'clip-features', v.id)),
          }),
          groundTruth: () => {
            const f = trainGroundTruthFile(v, ds.dir);
            return f ? readGroundTruth(f) : null;
          },
        })),
      test: evalVideos.map((video) => ({
        video,
        load: () => {
          const d = detect ? readDetections(at(detect.name, 'detections', video.id)) : null;
          return {
            features: readClipFeatures(at(featStage, 'clip-features', video.id)),
            ...(d ? { detections: { frame: d.frame, boxes: d.boxes } } : {}),
          };
        },
      })),
      ...ladderShapes(tp, ip),
      evalCfg,
      seed: p.seed,
      log,
    });
    const md = renderLadder(result, { eps: evalCfg.eps, title: `Diagnosis ladder: ${p.name}` });
    if (argv.out) {
      mkdirSync(resolve(argv.out), { recursive: true });
      writeFileSync(join(resolve(argv.out), 'ladder.md'), md);
      writeFileSync(join(resolve(argv.out), 'ladder.json'), JSON.stringify(result, null, 2) + '\n');
    }
    io.out(argv.json ? JSON.stringify(result, null, 2) : md);
  },
};
