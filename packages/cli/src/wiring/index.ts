/**
 * The app layer: the built-in stages, datasets and the experiment runner, wired into the engine.
 * Heavy (it loads every stage package and so the ML libraries): commands import it when they run.
 */
export { APP } from './app-wiring';
export { STAGES } from './stages';
export { DATASETS, synthDataset } from './datasets';
export { runExperiment, withTestVideos, PLAIN_MIL } from './experiment';
export { loadLadderOptions } from './ladder-inputs';
export type { ExperimentOptions, ExperimentResult, ExperimentCell, MetricRow } from './experiment';
