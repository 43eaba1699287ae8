import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { cliContext } from '../context';

interface Args {
  pipeline: string;
  variants: string;
  seeds: string;
  out: string;
  'test-videos': number;
  bootstrap?: number;
  store?: string;
  concurrency?: number;
  executor: 'inline' | 'process';
}

export const experimentCommand: CommandModule<object, Args> = {
  command: 'experiment <pipeline>',
  describe:
    "train and evaluate several variants over several seeds (the paper's Tables 1-4), reusing cached " +
    'stages; writes one combined table',
  builder: (y) =>
    y
      .positional('pipeline', {
        type: 'string',
        demandOption: true,
        describe: 'pipeline name, directory or pipeline.yaml (must have a train and an evaluate stage)',
      })
      .option('variants', {
        type: 'string',
        default:
          'mgpr,temporal-only,tube-only,loss-rank,loss-mg-rank,loss-ce,loss-rank-ce,no-mvt,no-rmm,gcn,dmrm,plain-mil',
        describe:
          "comma-separated training variants (see wsstad train --help) and 'plain-mil' (the plain MIL " +
          'baseline); the first is the reference of the paired comparisons',
      })
      .option('seeds', {
        type: 'string',
        default: '0,1,2,3,4',
        describe: 'comma-separated training seeds (the protocol uses at least 5)',
      })
      .option('test-videos', {
        type: 'number',
        default: 512,
        describe:
          'at least this many test videos: a synthetic dataset with fewer is generated with this count ' +
          "(only the count changes; 0 = the pipeline's own split)",
      })
      .option('bootstrap', {
        type: 'number',
        describe: "bootstrap resamples of the intervals (default: the evaluate stage's, 1000)",
      })
      .option('out', {
        type: 'string',
        default: 'docs/experiments',
        describe: 'directory for results.md / results.json',
      })
      .option('store', { type: 'string', describe: "store directory (default: the pipeline's)" })
      .option('concurrency', { type: 'number', describe: 'videos at once (default: the core count)' })
      .option('executor', {
        type: 'string',
        choices: ['inline', 'process'] as const,
        default: 'process' as const,
        describe: 'per-video executor for CPU-bound stages',
      })
      .example(
        '$0 experiment synthetic --variants mgpr,tube-only,plain-mil',
        'two variants and the plain MIL baseline, 5 seeds, 512 test videos',
      ),
  handler: async (argv) => {
    const { runExperiment } = await import('../wiring');
    const { io, log } = cliContext(argv as never);
    const seeds = argv.seeds.split(',').map((s) => Number(s.trim()));
    const r = await runExperiment(argv.pipeline, {
      variants: argv.variants
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      seeds,
      outDir: resolve(argv.out),
      testVideos: argv['test-videos'],
      bootstrap: argv.bootstrap,
      store: argv.store,
      concurrency: argv.concurrency,
      executor: argv.executor,
      log,
    });
    io.out(r.markdown);
    io.out(`written: ${resolve(argv.out, 'results.md')}`);
  },
};
