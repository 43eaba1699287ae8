import { join } from 'node:path';
import { STAGES } from './stages';
import { DATASETS } from './datasets';

/**
 * What the app plugs into the engine (@wsstad/pipeline knows no stage or dataset package): the
 * stage registry, the dataset providers, and the module the process executor's workers import to
 * find the same stages. Spread into the engine's options: `runPipeline(ref, { ...APP, log })`.
 */
export const APP = Object.freeze({
  registry: STAGES,
  datasets: DATASETS,
  registryModule: join(__dirname, 'stages.ts'),
});
