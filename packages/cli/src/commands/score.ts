import { findWorkArtifact, InputError, workArtifactPath, type DatasetManifest, type Logger } from '@wsstad/core';
import { readModelInfo } from './model-info';

const SCORE_INPUTS = ['tubes', 'videolets', 'clip-features'] as const;

/**
 * `wsstad eval --model`: score each test video of a work folder with a trained model (the infer
 * stage, as in a pipeline run), writing `<work>/<id>/video-scores.arrow` and `frame-scores.arrow`
 * next to the tubes and clip features `wsstad link` / `features` wrote there. Pooling comes from the
 * model's recorded front end (`frontEnd.pooling`), so scoring matches training.
 */
export async function scoreWorkFolder(
  m: DatasetManifest,
  work: string,
  modelDir: string,
  o: { subTubes?: number; log: Logger },
): Promise<number> {
  const [ev, pl] = await Promise.all([import('@wsstad/evaluator'), import('@wsstad/pipeline')]);
  const stage = ev.createInferStage(ev.loadRelationshipModel);
  const fe = readModelInfo(modelDir).frontEnd;
  const params = stage.normalizeParams({
    ...(fe?.pooling ? { l2: fe.pooling } : {}),
    ...(o.subTubes !== undefined ? { subTubes: o.subTubes } : {}),
  });
  let n = 0;
  for (const video of m.videos.filter((v) => v.split === 'test')) {
    const inputs: Record<string, string> = { model: modelDir };
    for (const k of SCORE_INPUTS) {
      const found = findWorkArtifact(work, video.id, k);
      if (!found) {
        const by = k === 'clip-features' ? `wsstad features ${m.path} --work ${work}` : `wsstad link ${work}`;
        const hint = `expected ${video.id}/${k}.arrow; run \`${by}\` first`;
        throw new InputError(`no '${k}' artifact for test video '${video.id}'`, { file: work, hint });
      }
      inputs[k] = found.path;
    }
    await stage.run(
      pl.videoStageContext({
        params,
        video,
        datasetDir: m.dir,
        seed: 0,
        log: o.log.child('infer'),
        inputs,
        outputPath: (k) => workArtifactPath(work, video.id, k),
      }) as never,
    );
    n++;
  }
  return n;
}
