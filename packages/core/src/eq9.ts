/**
 * Eq. 9, the one place it is computed: an instance's anomaly score is the average of the tube branch's
 * score (the region-level instance) and the temporal branch's (its image-level counterpart), weighted
 * `tubeWeight` : `1 - tubeWeight` (0.5, the paper's plain average, unless inference asks otherwise).
 * A single-branch model has one score; the absent branch is `undefined` and the present one is used as is.
 */
export function eq9(tube: number | undefined, temporal: number | undefined, tubeWeight = 0.5): number {
  if (tube === undefined && temporal === undefined) throw new RangeError('eq9: both branch scores are absent');
  if (tube === undefined) return temporal!;
  if (temporal === undefined) return tube;
  return tubeWeight * tube + (1 - tubeWeight) * temporal;
}

/** Eq. 9 over aligned per-instance score arrays (see eq9); the result is float32 like the branch scores. */
export function eq9Scores(
  tube: ArrayLike<number> | undefined,
  temporal: ArrayLike<number> | undefined,
  tubeWeight = 0.5,
): Float32Array {
  const n = (tube ?? temporal)?.length;
  if (n === undefined) throw new RangeError('eq9Scores: both branch score arrays are absent');
  if (tube && temporal && tube.length !== temporal.length)
    throw new RangeError(`eq9Scores: ${tube.length} tube scores but ${temporal.length} temporal scores`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = eq9(tube?.[i], temporal?.[i], tubeWeight);
  return out;
}
