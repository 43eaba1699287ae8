import type { CommandModule } from 'yargs';
import { readFileSync } from 'node:fs';
import { readManifest } from '@wsstad/core';
import { cliContext } from '../context';

interface Args {
  manifest: string;
  'artifacts-dir': string;
  out: string;
  variant?: string;
  iterations?: number;
  lr?: number;
  'batch-abnormal'?: number;
  'batch-normal'?: number;
  guidance?: string;
  pairing?: string;
  'micro-batch'?: number;
  config?: string;
  seed: number;
}

export const trainCommand: CommandModule<object, Args> = {
  command: 'train',
  describe: 'train the dual-branch model (Algorithm 3) on tubes, videolets and clip features of the train split',
  builder: (y) =>
    y
      .option('manifest', {
        type: 'string',
        demandOption: true,
        describe:
          'dataset manifest JSON (array of video entries or { "videos": [...] }); only train-split ids ' +
          'and labels are read',
      })
      .option('artifacts-dir', {
        type: 'string',
        alias: 'work',
        demandOption: true,
        describe:
          'work folder holding <videoId>/tubes.arrow, videolets.arrow and clip-features.arrow ' +
          '(as `wsstad link` and `features` write them)',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe:
          'model directory to write (model.json, model.bin, train-log.jsonl, loss-curve.svg; ' +
          'checkpoints/ while training)',
      })
      .option('variant', {
        type: 'string',
        describe:
          'training variant: mgpr (default), temporal-only, tube-only, loss-rank, loss-mg-rank, ' +
          'loss-ce, loss-rank-ce, no-mvt, no-rmm, gcn, dmrm',
      })
      .option('iterations', { type: 'number', describe: 'Algorithm 3 iterations (default 150)' })
      .option('lr', { type: 'number', describe: 'Adam learning rate (default 0.0005)' })
      .option('batch-abnormal', { type: 'number', describe: 'abnormal videos per mini-batch (default 30)' })
      .option('batch-normal', { type: 'number', describe: 'normal videos per mini-batch (default 30)' })
      .option('guidance', {
        type: 'string',
        choices: ['in-bag', 'single'],
        describe: "how a branch scores the other's max instance (default in-bag)",
      })
      .option('pairing', {
        type: 'string',
        choices: ['all', 'index'],
        describe: 'ranking-loss pairs: all abnormal x normal pairs or i-th with i-th (default all)',
      })
      .option('micro-batch', {
        type: 'number',
        describe: 'bags per forward/backward, 0 = fit the memory budget (default 0)',
      })
      .option('config', {
        type: 'string',
        describe: 'JSON file of further train-config fields (command-line options win)',
      })
      .option('seed', {
        type: 'number',
        default: 0,
        describe: 'seed of initialisation, sampling, dropout and the validation split',
      })
      .example(
        '$0 train --manifest data/manifest.json --work work --out model',
        'train the full method on a work folder from detect, link and features',
      )
      .example(
        '$0 train --manifest m.json --artifacts-dir a --out dmrm-model --variant dmrm --iterations 500',
        'train the DMRM baseline',
      ),
  handler: async (argv) => {
    const { trainFromDirectory } = await import('@wsstad/mgpr-trainer');
    const { io, log } = cliContext(argv as never);
    // The one manifest reader's rules (ids, splits, labels, '..') before the trainer reads the file itself.
    readManifest(argv.manifest);
    const fromFile = argv.config ? (JSON.parse(readFileSync(argv.config, 'utf8')) as Record<string, unknown>) : {};
    const flags: Record<string, unknown> = {
      variant: argv.variant,
      iterations: argv.iterations,
      learningRate: argv.lr,
      batchAbnormal: argv['batch-abnormal'],
      batchNormal: argv['batch-normal'],
      guidance: argv.guidance,
      pairing: argv.pairing,
      microBatch: argv['micro-batch'],
    };
    const config = { ...fromFile, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
    const res = await trainFromDirectory({
      manifest: argv.manifest,
      artifactsDir: argv['artifacts-dir'],
      outDir: argv.out,
      config,
      seed: argv.seed,
      log,
    });
    res.model.dispose();
    io.out(
      JSON.stringify({
        model: argv.out,
        best: res.best,
        trainVideos: res.trainIds.length,
        validationVideos: res.validationIds.length,
      }),
    );
  },
};
