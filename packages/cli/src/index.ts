export { runCli, buildCli } from './app';
export type { CliContext } from './app';
export { collectIO, processIO } from './io';
export type { CliIO, CollectedIO } from './io';
export { runCommandModule } from './testing';
// The app wiring (heavy: it loads every stage package): the Nx plugin and scripts take the registry from here.
export {
  APP,
  STAGES,
  DATASETS,
  synthDataset,
  runExperiment,
  withTestVideos,
  PLAIN_MIL,
  loadLadderOptions,
} from './wiring';
export type { ExperimentOptions, ExperimentResult, ExperimentCell, MetricRow } from './wiring';
