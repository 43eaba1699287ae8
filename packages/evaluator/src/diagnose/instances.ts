import {
  candidateParts, clipIndex, clipsForSpan, meanPool, type Box, type ClipFeatureColumns, type Tube,
} from '@wsstad/core';

/** The shape of a bag: M sub-tubes per tube, of at most `maxTubes` tubes (highest tube score first), pooling as the model. */
export interface BagShape {
  subTubes: number;
  maxTubes: number;
  l2: 'none' | 'before' | 'after' | 'both';
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
 * The candidate sub-tubes of one video, the very ones inference scores (candidateParts), the
 * region feature pooled from the parent tube's clips over the part's span. The ladder's scorers
 * read only these features and, for training, the video label; the ceiling alone also gets
 * instance labels from the training split's ground truth.
 */
export function candidateInstances(tubes: readonly Tube[], cf: ClipFeatureColumns, shape: BagShape): Instance[] {
  return candidateParts(tubes, clipIndex(cf), shape).parts.map((p) => ({
    tubeId: p.tubeId, part: p.part, frames: p.frames, boxes: p.boxes,
    feature: meanPool(cf, clipsForSpan(cf, p.rows, p.span[0], p.span[1]), { l2: shape.l2 }),
  }));
}
