import { ConfigError, readClipFeatures, readTubes, type ClipFeatureColumns, type Tube } from '@wsstad/core';
import { stageOutputPath, type Pipeline } from '@wsstad/pipeline';

type Stage = Pipeline['stages'][number];

/** The stage of the pipeline that runs `uses`, e.g. the infer stage; `hint` says what needs it. */
export function stageOf(p: Pipeline, uses: string, hint?: string): Stage {
  const s = p.stages.find((x) => x.uses === uses);
  if (!s) throw new ConfigError(`pipeline '${p.name}' has no '${uses}' stage`, { file: p.file, hint });
  return s;
}

/** The stage that produces `consumer`'s input `input`, e.g. the link stage for the infer stage's 'tubes'. */
export function producer(p: Pipeline, consumer: Stage, input: string): string {
  const b = consumer.inputs.find((i) => i.name === input);
  if (!b) throw new ConfigError(`stage '${consumer.name}' has no input '${input}'`, { file: p.file });
  return b.fromStage;
}

/**
 * Loaders of the training split's stored tubes and clip features as the infer stage reads them (the stages feeding
 * its 'tubes' and 'clip-features'): the plain MIL baseline's and the ladder's training bags.
 */
export function trainingArtifactLoaders(
  p: Pipeline,
  videos: ReadonlyArray<{ id: string; split: string; label: string }>,
): Array<{ id: string; abnormal: boolean; load: () => { tubes: Tube[]; features: ClipFeatureColumns } }> {
  const infer = stageOf(p, 'infer');
  const tubesStage = producer(p, infer, 'tubes');
  const featStage = producer(p, infer, 'clip-features');
  return videos
    .filter((v) => v.split === 'train')
    .map((v) => ({
      id: v.id,
      abnormal: v.label === 'abnormal',
      load: () => ({
        tubes: readTubes(stageOutputPath(p, tubesStage, 'tubes', v.id)).tubes,
        features: readClipFeatures(stageOutputPath(p, featStage, 'clip-features', v.id)),
      }),
    }));
}
