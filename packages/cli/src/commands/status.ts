import type { CommandModule } from 'yargs';
import { cliContext } from '../context';

interface Args {
  pipeline: string;
  store?: string;
  json: boolean;
  verify: boolean;
}

export const statusCommand: CommandModule<object, Args> = {
  command: 'status <pipeline>',
  describe:
    'show, per stage, whether it is up to date or why it is stale (params, code, new or changed ' +
    'videos), running nothing',
  builder: (y) =>
    y
      .positional('pipeline', {
        type: 'string',
        demandOption: true,
        describe: 'pipeline name, directory or pipeline.yaml path',
      })
      .option('store', { type: 'string', describe: 'store directory (default: from the pipeline file)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the status report as JSON' })
      .option('verify', {
        type: 'boolean',
        default: false,
        describe: 're-hash every stored output the pipeline uses and report corrupt ones (reads all artifacts)',
      })
      .example('$0 status synthetic', 'which stages would recompute, and why')
      .example('$0 status synthetic --verify', 'also re-hash the stored results'),
  handler: async (argv) => {
    const [{ formatStatus, pipelineStatus }, { APP }] = await Promise.all([
      import('@wsstad/pipeline'),
      import('../wiring'),
    ]);
    const { io, log } = cliContext(argv as never);
    const r = await pipelineStatus(argv.pipeline, { ...APP, log, store: argv.store, verify: argv.verify });
    if (argv.json) io.out(JSON.stringify(r, null, 2));
    else for (const l of formatStatus(r)) io.out(l);
  },
};
