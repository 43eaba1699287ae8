import {
  candidateParts,
  clipIndex,
  clipsForSpan,
  meanPool,
  type Box,
  type ClipFeatureColumns,
  type Tube,
} from '@wsstad/core';
import { candidateShape } from '../infer/score';
import type { InferConfig } from '../types';

/**
 * The shape of a bag: M sub-tubes per tube, of at most `maxTubes` tubes (highest tube score first), pooling as the
 * model.
 */
export interface BagShape {
  subTubes: number;
  maxTubes: number;
  l2: 'none' | 'before' | 'after' | 'both';
}

/**
 * The ladder's two bag shapes from a pipeline's train and infer params: training bags as the train
 * stage builds them, and the candidates inference scores (its null params = as the model was trained,
 * the rule of `candidateShape`).
 */
export function ladderShapes(
  train: { subTubes: number; maxTubes: number; poolL2: BagShape['l2'] },
  infer: Pick<InferConfig, 'subTubes' | 'maxTubes' | 'l2'>,
): { trainShape: BagShape; inferShape: BagShape } {
  const trainShape = { subTubes: train.subTubes, maxTubes: train.maxTubes, l2: train.poolL2 };
  const s = candidateShape({ candidates: { ...trainShape, multivariate: true, pooling: train.poolL2 } }, infer);
  return { trainShape, inferShape: { subTubes: s.subTubes, maxTubes: s.maxTubes, l2: s.pooling } };
}

/** One candidate sub-tube with its region-level feature (the tube branch's instance). */
export interface Instance {
  tubeId: number;
  part: number;
  frames: number[];
  boxes: Box[];
  feature: Float32Array;
}

/**
 * Extra features of one candidate, appended to its pooled region feature (a probe: what a front-end
 * feature would add to the ceiling and plain MIL before it is built into the features stage). It sees
 * the candidate's frames and boxes and every tube of its video, never labels or ground truth.
 */
export type CandidateFeatureProbe = (
  candidate: Pick<Instance, 'tubeId' | 'part' | 'frames' | 'boxes'>,
  tubes: readonly Tube[],
) => Float32Array;

/**
 * The candidate sub-tubes of one video, the very ones inference scores (candidateParts), the
 * region feature pooled from the parent tube's clips over the part's span (then `probe`'s values,
 * when given). The ladder's scorers read only these features and, for training, the video label;
 * the ceiling alone also gets instance labels from the training split's ground truth.
 */
export function candidateInstances(
  tubes: readonly Tube[],
  cf: ClipFeatureColumns,
  shape: BagShape,
  probe?: CandidateFeatureProbe,
): Instance[] {
  return candidateParts(tubes, clipIndex(cf), shape).parts.map((p) => {
    const c = { tubeId: p.tubeId, part: p.part, frames: p.frames, boxes: p.boxes };
    const pooled = meanPool(cf, clipsForSpan(cf, p.rows, p.span[0], p.span[1]), { l2: shape.l2 });
    if (!probe) return { ...c, feature: pooled };
    const extra = probe(c, tubes);
    const feature = new Float32Array(pooled.length + extra.length);
    feature.set(pooled, 0);
    feature.set(extra, pooled.length);
    return { ...c, feature };
  });
}
