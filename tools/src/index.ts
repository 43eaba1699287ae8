export {
  createNodes,
  createNodesV2,
  createPipelineProjects,
  stageFingerprint,
  stageProjectName,
  affectedStages,
  PIPELINE_GLOB,
} from './nx-plugin/index';
export type { PipelinePluginOptions } from './nx-plugin/index';
