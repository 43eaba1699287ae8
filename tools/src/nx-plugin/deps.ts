// The engine's loader, key dependencies and code-version helpers, so Nx inputs and runner keys cannot drift
// apart; the app's stage registry (the engine has none built in).
export {
  datasetManifestPath,
  keyDependencies,
  loadPipeline,
  packageClosure,
  readDatasetManifest,
  workspacePackages,
} from '@wsstad/pipeline';
export type { Pipeline, PlannedStage, StageRegistry } from '@wsstad/pipeline';
export { STAGES } from '@wsstad/cli';
export { hashJson } from '@wsstad/core';
