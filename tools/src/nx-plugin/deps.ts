// The runner's own loader and code-version helpers, so Nx inputs and runner keys cannot drift apart.
export { datasetManifestPath, loadPipeline, packageClosure, readDatasetManifest, workspacePackages, STAGES } from '@wsstad/pipeline';
export type { Pipeline, PlannedStage, StageRegistry } from '@wsstad/pipeline';
export { hashJson } from '@wsstad/core';
