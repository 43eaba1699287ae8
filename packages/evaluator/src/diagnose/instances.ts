import { clipIndex, clipsForSpan, meanPool, splitTube, tubeSpan, type Box, type ClipFeatureColumns, type Tube } from '@wsstad/core';

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
 * The candidate sub-tubes of one video, built as inference builds them (infer/score.ts): tubes
 * with region clips, highest tube score first, at most maxTubes, each split into M parts, the
 * region feature pooled from the parent tube's clips over the part's span. The ladder's scorers
 * read only these features and, for training, the video label; the ceiling alone also gets
 * instance labels from the training split's ground truth.
 */
export function candidateInstances(tubes: readonly Tube[], cf: ClipFeatureColumns, shape: BagShape): Instance[] {
  const idx = clipIndex(cf);
  const sorted = [...tubes].filter((t) => (idx.get(t.id)?.length ?? 0) > 0).sort((a, b) => b.score - a.score || a.id - b.id);
  const kept = shape.maxTubes > 0 ? sorted.slice(0, shape.maxTubes) : sorted;
  const out: Instance[] = [];
  for (const t of kept) {
    const rows = idx.get(t.id)!;
    splitTube(t, shape.subTubes).forEach((p, part) => {
      const [s, e] = tubeSpan(p);
      out.push({ tubeId: t.id, part, frames: p.frames, boxes: p.boxes, feature: meanPool(cf, clipsForSpan(cf, rows, s, e), { l2: shape.l2 }) });
    });
  }
  return out;
}
