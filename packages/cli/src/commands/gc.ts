import type { CommandModule } from 'yargs';
import { resolve } from 'node:path';
import { cliContext } from '../context';

interface Args {
  pipeline?: string;
  store?: string;
  'dry-run': boolean;
  'lock-timeout': number;
}

export const gcCommand: CommandModule<object, Args> = {
  command: 'gc [pipeline]',
  describe:
    'delete store entries that no manifest references (the store of the pipeline, or --store, or .wsstad/store)',
  builder: (y) =>
    y
      .positional('pipeline', {
        type: 'string',
        describe: 'pipeline whose store to collect (any pipeline sharing the store keeps its entries)',
      })
      .option('store', { type: 'string', describe: 'store directory to collect' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'report what would be removed, remove nothing' })
      .option('lock-timeout', {
        type: 'number',
        default: 0,
        describe: 'seconds to wait for running pipelines to finish',
      })
      .example('$0 gc synthetic --dry-run', 'see what would be freed'),
  handler: async (argv) => {
    const { DEFAULT_STORE_DIR, findWorkspaceRoot, gcStore, loadPipeline } = await import('@wsstad/pipeline');
    const registry = argv.pipeline ? (await import('../wiring')).APP.registry : undefined;
    const { io, log } = cliContext(argv as never);
    const dir = argv.store
      ? resolve(argv.store)
      : argv.pipeline
        ? loadPipeline(argv.pipeline, { registry: registry! }).storeDir
        : resolve(findWorkspaceRoot(process.cwd()) ?? process.cwd(), DEFAULT_STORE_DIR);
    const r = await gcStore(dir, { dryRun: argv['dry-run'], lockTimeoutMs: argv['lock-timeout'] * 1000, log });
    io.out(
      `${argv['dry-run'] ? 'would remove' : 'removed'} ${r.removedKeys} keys, ${r.removedObjects} ` +
        `objects, ${r.removedTrees} trees, ${r.removedTemp} temp dirs (${(r.freedBytes / 1e6).toFixed(1)} ` +
        `MB); kept ${r.keptKeys} keys, ${r.keptObjects} objects`,
    );
  },
};
