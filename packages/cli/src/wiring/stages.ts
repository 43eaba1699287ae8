import type { StageDefinition } from '@wsstad/core';
import { detectStage } from '@wsstad/detector';
import { linkStage } from '@wsstad/tube-linker';
import { featuresStage, importFeaturesStage } from '@wsstad/c3d-features';
import { trainStage } from '@wsstad/mgpr-trainer';
import { inferStage, evaluateStage } from '@wsstad/evaluator';
import { createStageRegistry } from '@wsstad/pipeline';

/**
 * The stages a pipeline file can name in `uses:`, one per stage package export. Tests build their
 * own registries with `createStageRegistry`.
 */
const BUILTIN_STAGE_LIST: ReadonlyArray<StageDefinition<unknown>> = [
  detectStage,
  linkStage,
  featuresStage,
  importFeaturesStage,
  trainStage,
  inferStage,
  evaluateStage,
] as unknown as StageDefinition<unknown>[];

/** Frozen registry of the built-in stages (name -> definition). */
export const STAGES = createStageRegistry(BUILTIN_STAGE_LIST);
