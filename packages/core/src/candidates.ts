import { splitTube, tubeSpan } from './instances';
import type { Box, Tube } from './types';

/**
 * Which candidates a model scores in one video: the same rule in training bags, in validation and
 * calibration, at inference and in the diagnosis ladder, so the model is never applied to
 * instances shaped unlike those it was trained on (issue 15: training scored 2 sub-tubes of the top
 * 32 tubes, inference 4 sub-tubes of up to 200 tubes, and the attention bag grew from 64 to 800).
 */
export interface CandidateShape {
  /** M: each tube is split evenly in time into this many sub-tubes, each its own instance (1 = whole tubes). */
  subTubes: number;
  /** Tubes per video, highest tube score first (ties by id); 0 = all. */
  maxTubes: number;
  /** Keep multivariate tubes (false: unary tubes only, Table 4's 'w/o MVT'). */
  multivariate?: boolean;
}

/** One candidate sub-tube with the clip rows of its parent tube and its frame span. */
export interface CandidatePart {
  tubeId: number;
  part: number;
  frames: number[];
  boxes: Box[];
  /** [first frame, last frame + 1) of the sub-tube: the span its features are pooled over. */
  span: [number, number];
  /** Rows of the parent tube's region clips in the clip-features artifact. */
  rows: readonly number[];
}

/**
 * The candidates of one video: tubes (unary only unless `multivariate`) highest score first, ties by
 * id, at most `maxTubes` of them, each split into `subTubes` parts. A tube without region clips
 * keeps its place among the `maxTubes` but is skipped and counted in `missing`, so every caller
 * scores exactly the same sub-tubes.
 */
export function candidateParts(
  tubes: readonly Tube[],
  clips: ReadonlyMap<number, readonly number[]>,
  shape: CandidateShape,
): { parts: CandidatePart[]; kept: number; missing: number } {
  const eligible = shape.multivariate === false ? tubes.filter((t) => t.kind === 'unary') : [...tubes];
  const sorted = eligible.sort((a, b) => b.score - a.score || a.id - b.id);
  const kept = shape.maxTubes > 0 ? sorted.slice(0, shape.maxTubes) : sorted;
  const parts: CandidatePart[] = [];
  let missing = 0;
  for (const t of kept) {
    const rows = clips.get(t.id);
    if (!rows || rows.length === 0) {
      missing++;
      continue;
    }
    splitTube(t, Math.max(1, shape.subTubes)).forEach((p, part) => {
      parts.push({ tubeId: t.id, part, frames: p.frames, boxes: p.boxes, span: tubeSpan(p), rows });
    });
  }
  return { parts, kept: kept.length, missing };
}
