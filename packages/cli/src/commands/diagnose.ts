import type { CommandModule } from 'yargs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cliContext } from '../context';

interface Args {
  pipeline: string;
  store?: string;
  out?: string;
  bootstrap?: number;
  json: boolean;
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
    const [{ renderLadder, runLadder }, { loadPipeline }, { APP, loadLadderOptions }] = await Promise.all([
      import('@wsstad/evaluator'),
      import('@wsstad/pipeline'),
      import('../wiring'),
    ]);
    const p = loadPipeline(argv.pipeline, { registry: APP.registry, store: argv.store });
    const opts = await loadLadderOptions(p, {
      store: argv.store,
      bootstrap: argv.bootstrap,
      log,
      pipelineArg: argv.pipeline,
    });
    const result = await runLadder(opts);
    const md = renderLadder(result, { eps: opts.evalCfg.eps, title: `Diagnosis ladder: ${p.name}` });
    if (argv.out) {
      mkdirSync(resolve(argv.out), { recursive: true });
      writeFileSync(join(resolve(argv.out), 'ladder.md'), md);
      writeFileSync(join(resolve(argv.out), 'ladder.json'), JSON.stringify(result, null, 2) + '\n');
    }
    io.out(argv.json ? JSON.stringify(result, null, 2) : md);
  },
};
