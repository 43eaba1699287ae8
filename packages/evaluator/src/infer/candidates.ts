import { splitTube, tubeSpan, type Box, type Tube } from '@wsstad/core';

/** One sub-tube that inference scores, with the clip rows of its parent tube and its frame span. */
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
 * The candidates of eq. 9, in one place for inference and the diagnosis ladder (the trainer's bags
 * follow the same rule): tubes (unary only unless `multivariate`) highest score first (ties by id),
 * at most `maxTubes` of them (0 = all), each split into `subTubes`
 * parts. A tube without region clips keeps its place among the `maxTubes` but is skipped and
 * counted in `missing`, so both callers score exactly the same sub-tubes.
 */
export function candidateParts(
  tubes: readonly Tube[], clips: ReadonlyMap<number, readonly number[]>, subTubes: number, maxTubes: number,
  multivariate = true,
): { parts: CandidatePart[]; kept: number; missing: number } {
  const eligible = multivariate ? [...tubes] : tubes.filter((t) => t.kind === 'unary');
  const sorted = eligible.sort((a, b) => b.score - a.score || a.id - b.id);
  const kept = maxTubes > 0 ? sorted.slice(0, maxTubes) : sorted;
  const parts: CandidatePart[] = [];
  let missing = 0;
  for (const t of kept) {
    const rows = clips.get(t.id);
    if (!rows || rows.length === 0) {
      missing++;
      continue;
    }
    splitTube(t, subTubes).forEach((p, part) => {
      parts.push({ tubeId: t.id, part, frames: p.frames, boxes: p.boxes, span: tubeSpan(p), rows });
    });
  }
  return { parts, kept: kept.length, missing };
}
