import type { StageDefinition } from '@wsstad/core';
import { createStageRegistry } from './registry';

/**
 * The stages a pipeline file can name in `uses:`. INTEGRATION: the lead fills this list with the
 * real stages exported by the stage packages (e.g. `detectStage` from '@wsstad/detector',
 * `linkStage` from '@wsstad/tube-linker', ...). It starts empty so the runner builds and is
 * tested with toy stages before those packages exist; tests build their own registry with
 * `createStageRegistry`.
 */
const BUILTIN_STAGE_LIST: ReadonlyArray<StageDefinition<unknown>> = [];

/** Frozen registry of the built-in stages (name -> definition). */
export const STAGES = createStageRegistry(BUILTIN_STAGE_LIST);
