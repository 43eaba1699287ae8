import type { CommandModule } from 'yargs';
import { StageFailedError } from '@wsstad/core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliContext } from '../context';
import { processIO } from '../io';

/** The engine and the app's stages, imported when a command runs (the wiring loads every stage package). */
type Pipelines = typeof import('@wsstad/pipeline') & typeof import('../wiring');

interface Args {
  pipeline: string;
  only?: string[];
  from?: string;
  until?: string;
  force?: string[];
  'keep-going': boolean;
  concurrency?: number;
  executor: 'inline' | 'process';
  shard?: string;
  'merge-shards': boolean;
  store?: string;
  'lock-timeout': number;
  json: boolean;
  summary: boolean;
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run <pipeline>',
  describe:
    'run a pipeline (pipelines/<name>/pipeline.yaml), computing only stages and videos whose cache keys are missing',
  builder: (y) =>
    y
      .positional('pipeline', {
        type: 'string',
        demandOption: true,
        describe: 'pipeline name, directory or pipeline.yaml path',
      })
      .option('only', {
        type: 'string',
        array: true,
        describe: 'run only these stages (upstream results come from their manifests)',
      })
      .option('from', { type: 'string', describe: 'start at this stage' })
      .option('until', { type: 'string', describe: 'stop after this stage' })
      .option('force', {
        type: 'string',
        array: true,
        describe: 'recompute every video of these stages even when cached',
      })
      .option('keep-going', {
        type: 'boolean',
        default: false,
        describe: 'run the other videos after a failure; report all failures at the end',
      })
      .option('concurrency', { type: 'number', describe: 'videos at once (default: the core count)' })
      .option('executor', {
        type: 'string',
        choices: ['inline', 'process'] as const,
        default: 'inline' as const,
        describe: "'inline': in this process; 'process': forked workers for CPU-bound stages",
      })
      .option('shard', {
        type: 'string',
        describe: 'run shard i/N of the videos (0-based), e.g. in a Kubernetes Indexed Job; dataset stages are skipped',
      })
      .option('merge-shards', {
        type: 'boolean',
        default: false,
        describe: 'build stage manifests from the shard manifests, then exit',
      })
      .option('store', {
        type: 'string',
        describe: "store directory (default: the pipeline file's store:, else .wsstad/store)",
      })
      .option('lock-timeout', {
        type: 'number',
        default: 0,
        describe: 'seconds to wait for another run holding the store lock (0: fail at once)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print the run report as JSON' })
      .option('summary', {
        type: 'boolean',
        default: true,
        describe:
          'after a successful run, print the results table and the HTML report path of the last stage ' +
          'that writes a report',
      })
      .example('$0 run synthetic', 'run the whole pipeline')
      .example('$0 run synthetic --only link --force link', 'recompute one stage')
      .example('$0 run synthetic --shard $JOB_COMPLETION_INDEX/8', 'one shard of eight')
      .example('$0 run synthetic --merge-shards', 'merge the shard manifests'),
  handler: async (argv) => {
    const pl: Pipelines = { ...(await import('@wsstad/pipeline')), ...(await import('../wiring')) };
    const { APP, mergeShards, parseShard, runPipeline } = pl;
    const { io, log } = cliContext(argv as never);
    const common = { ...APP, log, store: argv.store, lockTimeoutMs: argv['lock-timeout'] * 1000 };
    if (argv['merge-shards']) {
      const m = await mergeShards(argv.pipeline, common);
      io.out(argv.json ? JSON.stringify(m) : `merged shards of: ${m.stages.join(', ') || '(none found)'}`);
      return;
    }
    const r = await runPipeline(argv.pipeline, {
      ...common,
      only: argv.only,
      from: argv.from,
      until: argv.until,
      force: argv.force,
      keepGoing: argv['keep-going'],
      concurrency: argv.concurrency,
      executor: argv.executor,
      shard: argv.shard ? parseShard(argv.shard) : undefined,
      // A bar with ETA on a terminal; periodic lines (with ETA) in logs and pipes.
      progressTty: io === processIO && Boolean(process.stdout.isTTY && process.stderr.isTTY),
    });
    if (argv.json)
      io.out(
        JSON.stringify({
          ...r,
          failures: r.failures.map((f) => ({ stage: f.stage, videoId: f.videoId, error: f.message })),
          stages: r.stages.map((s) => ({ ...s, failed: s.failed.map((f) => f.error.message) })),
        }),
      );
    else
      for (const s of r.stages)
        io.out(
          `${s.stage}: ${s.computed.length} computed, ${s.reused} ` +
            `reused${s.skipped.length ? `, ${s.skipped.length} skipped` : ''}` +
            `${s.failed.length ? `, ${s.failed.length} FAILED` : ''} ` +
            `(${(s.ms / 1000).toFixed(2)} s)`,
        );
    if (r.failures.length) {
      for (const f of r.failures) io.err(`failed: ${f.message}`);
      throw new StageFailedError(
        r.failures[0]!.stage,
        undefined,
        new Error(
          `${r.failures.length} video(s) failed; finished videos are kept in the store and reused on the next run`,
        ),
      );
    }
    if (argv.summary && !argv.json && !argv.shard) printReport(pl, argv.pipeline, argv.store, io.out);
  },
};

/** Where the trained model of the pipeline is (the input of `wsstad infer --model`). */
function printModel(pl: Pipelines, p: ReturnType<Pipelines['loadPipeline']>, out: (l: string) => void): void {
  const { stageOutputPath, stagesWithOutput } = pl;
  for (const stage of stagesWithOutput(p, 'model')) {
    try {
      out(
        `Model: ${stageOutputPath(p, stage, 'model')}  (wsstad infer <video> --model <this>; wsstad models ${p.name})`,
      );
    } catch {
      // not trained in this run (--until/--only): nothing to point to
    }
    return;
  }
}

/** The results table and report location of the pipeline's last report-writing stage, if it has run. */
function printReport(pl: Pipelines, ref: string, store: string | undefined, out: (l: string) => void): void {
  const { APP, loadPipeline, stageOutputPath, stagesWithOutput } = pl;
  const p = loadPipeline(ref, { registry: APP.registry, store });
  const stage = stagesWithOutput(p, 'report')[0];
  let dir: string | null = null;
  try {
    if (stage) dir = stageOutputPath(p, stage, 'report');
  } catch {
    // the report stage was not part of this run (--until/--only) and never ran
  }
  if (dir) {
    const md = join(dir, 'results.md');
    if (existsSync(md)) out('\n' + readFileSync(md, 'utf8').trim());
    if (existsSync(join(dir, 'report.html'))) out(`\nHTML report: ${join(dir, 'report.html')}`);
  }
  printModel(pl, p, out);
}
