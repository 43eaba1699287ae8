import { ArtifactError } from '@wsstad/core';
import { openStore } from './store/store';
import type { Pipeline } from './types';

/**
 * Where a finished stage's output lives, for people and downstream tools: a per-video artifact is
 * its object file; a dataset-level directory output is materialised under `trees/` (read-only copy).
 * Reads the stage manifest, so it reflects the last successful run of that stage.
 */
export function stageOutputPath(p: Pipeline, stage: string, output: string, videoId = '*'): string {
  const store = openStore(p.storeDir);
  const m = store.readManifest(p.name, stage);
  if (!m)
    throw new ArtifactError(`stage '${stage}' of pipeline '${p.name}' has no manifest yet`, {
      hint: `run it: wsstad run ${p.name} --until ${stage}`,
    });
  const entry = m.videos[videoId];
  const hash = entry?.outputs[output];
  if (!hash)
    throw new ArtifactError(`stage '${stage}' has no output '${output}' for '${videoId}'`, {
      hint: `outputs: ${Object.keys(Object.values(m.videos)[0]?.outputs ?? {}).join(', ')}`,
    });
  return m.scope === 'dataset' ? store.materializeTree(hash) : store.objectPath(hash);
}

/** Stages of a pipeline that declare an output of this name (e.g. 'report'), last first. */
export function stagesWithOutput(p: Pipeline, output: string): string[] {
  return p.stages
    .filter((s) => s.def.outputs.includes(output))
    .map((s) => s.name)
    .reverse();
}
