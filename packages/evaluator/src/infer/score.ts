import {
  ArtifactError,
  ConfigError,
  NumericError,
  WHOLE_FRAME_SOURCE,
  candidateParts,
  clipIndex,
  clipsForSpan,
  eq9,
  meanPool,
  splitSpan,
  silentLogger,
  type ClipFeatureColumns,
  type Logger,
  type Tube,
  type Videolet,
} from '@wsstad/core';
import { clipInterval, segmentScoresToFrames } from '../metrics/frame';
import { anomalousRanges } from './ranges';
import type { BranchScorer, InferConfig, ModelCandidates, ScoredCandidate, ScoringModel, VideoScores } from '../types';

/** What inference reads for one video (the contents of its tubes, videolets and clip-features artifacts). */
export interface InferInput {
  tubes: readonly Tube[];
  videolets: readonly Videolet[];
  features: ClipFeatureColumns;
  frameCount: number;
  /** Frames per second (time stamps of the anomalous ranges); 0 or absent = unknown. */
  fps?: number;
}

/** Marks a branch score that does not exist (single-branch models). */
export const ABSENT_BRANCH = -1;

async function scoreWith(
  model: ScoringModel,
  branch: BranchScorer,
  feats: Float32Array[],
  centres: Float32Array,
  dim: number,
  input: 'region' | 'frame',
  bag: 'video' | 'instance' = 'video',
): Promise<Float32Array> {
  const n = feats.length;
  const flat = new Float32Array(n * dim);
  feats.forEach((f, i) => flat.set(f, i * dim));
  const x = model.normalize(flat, n, input);
  let s: Float32Array;
  if (bag === 'instance') {
    s = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (await branch.scoreBag(x.subarray(i * dim, (i + 1) * dim), 1, centres.subarray(i, i + 1)))[0]!;
    }
  } else s = await branch.scoreBag(x, n, centres);
  if (s.length !== n) throw new NumericError(`the model returned ${s.length} scores for a bag of ${n} instances`);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(s[i]!))
      throw new NumericError(`the model returned a non-finite score (${s[i]}) for instance ${i}`, {
        hint: 'check the model checkpoint and the feature dimension',
      });
  return s;
}

/** Core's eq9 at a fixed tube weight: the one definition the trainer and every score here share. */
function combiner(w: number): (t: number | undefined, v: number | undefined) => number {
  return (t, v) => eq9(t, v, w);
}

/**
 * A scored candidate's eq. 9 score at `tubeWeight` from its two branch scores (a single-branch model's
 * absent branch is ABSENT_BRANCH): the kind of score the calibrated thresholds are fitted on, whatever
 * weight (`localisationWeight`) ranked the candidate.
 */
export function candidateEq9(c: Pick<ScoredCandidate, 'tubeScore' | 'temporalScore'>, tubeWeight: number): number {
  const present = (x: number) => (x === ABSENT_BRANCH ? undefined : x);
  return combiner(tubeWeight)(present(c.tubeScore), present(c.temporalScore));
}

/**
 * Section 3.4 for one video. Candidates: each tube (at most maxTubes, highest tube score first)
 * split into M sub-tubes (core splitTube). A sub-tube's region-level feature pools the parent
 * tube's region clips over the sub-span; its image-level feature pools the whole-frame clips over
 * the same span. All sub-tubes of the video form one bag per branch (the relationship module
 * attends across a bag's instances, as in training). Score = eq. 9's average of both branches.
 *
 * Per-frame scores, `frameScores: 'candidates'` (default): each frame gets the best eq. 9 score of
 * the candidates covering it (candidateFrameScores), so the frame curve comes from the same
 * spatio-temporal candidates as the video score and the localisation.
 * `frameScores: 'segments'` (Appendix F read literally): the sub-segments (videolets, or N equal
 * segments) pooled from the whole-frame clips form one bag; the temporal branch scores it as
 * videolets and the tube branch scores the same whole-frame features as (image-level) tubes (which
 * it was never trained on); the two are averaged and copied to the segment's frames. A video
 * without scorable tubes always uses segments. `ranges`: the merged frames above rangeThreshold.
 */
export async function scoreVideo(
  model: ScoringModel,
  input: InferInput,
  params: InferConfig,
  log: Logger = silentLogger,
): Promise<VideoScores> {
  const cf = input.features;
  if (cf.dim !== model.featureDim) {
    throw new ConfigError(`clip features have dimension ${cf.dim} but the model expects ${model.featureDim}`, {
      hint: 'use the model trained on this feature backbone, or re-extract features with the backbone the model used',
    });
  }
  if (!model.tube && !model.temporal) throw new ConfigError('the model has neither a tube nor a temporal branch');
  const combine = combiner(params.tubeWeight);
  const idx = clipIndex(cf);
  const whole = idx.get(WHOLE_FRAME_SOURCE) ?? [];
  if (whole.length === 0)
    throw new ArtifactError('clip features hold no whole-frame clips (source -1)', {
      hint: 'rerun the features stage with image-level clips enabled',
    });
  const shape = candidateShape(model, params);
  const pool = (rows: readonly number[], s: number, e: number) =>
    meanPool(cf, clipsForSpan(cf, rows, s, e), { l2: shape.pooling });

  const { parts: kept, kept: keptTubes, missing } = candidateParts(input.tubes, idx, shape);
  const parts: Array<Omit<ScoredCandidate, 'score' | 'tubeScore' | 'temporalScore'>> = kept.map((p) => ({
    tubeId: p.tubeId,
    part: p.part,
    frames: p.frames,
    boxes: p.boxes,
  }));
  const region = kept.map((p) => pool(p.rows, p.span[0], p.span[1]));
  const image = kept.map((p) => pool(whole, p.span[0], p.span[1]));
  if (missing > 0) log.warn(`${missing} of ${keptTubes} tubes have no region clip features and were not scored`);

  const dim = cf.dim;
  const fc = Math.max(1, input.frameCount);
  const centre = (s: number, e: number) => Math.min(1, Math.max(0, (s + e) / 2 / fc));
  const partPos = Float32Array.from(parts, (p) => centre(p.frames[0]!, p.frames[p.frames.length - 1]! + 1));
  const branchScores = async (branch: BranchScorer | null, feats: Float32Array[], input: 'region' | 'frame') => {
    if (!parts.length || !branch) return { cand: undefined, bag: undefined };
    const score = (bag: 'video' | 'instance') => scoreWith(model, branch, feats, partPos, dim, input, bag);
    const inBag = params.bag === 'instance' ? undefined : await score('video');
    const alone = params.bag === 'video' ? undefined : await score('instance');
    if (params.bag === 'mean') return { cand: inBag!.map((x, i) => (x + alone![i]!) / 2), bag: undefined };
    return { cand: alone ?? inBag, bag: params.bag === 'split' ? inBag : undefined };
  };
  const { cand: pt, bag: bt } = await branchScores(model.tube, region, 'region');
  const { cand: pv, bag: bv } = await branchScores(model.temporal, image, 'frame');
  const locate = params.localisationWeight === null ? combine : combiner(params.localisationWeight);
  const candidates: ScoredCandidate[] = parts.map((p, i) => ({
    ...p,
    score: locate(pt?.[i], pv?.[i]),
    tubeScore: pt ? pt[i]! : ABSENT_BRANCH,
    temporalScore: pv ? pv[i]! : ABSENT_BRANCH,
  }));
  candidates.sort((a, b) => b.score - a.score || a.tubeId - b.tubeId || a.part - b.part);
  // The frame curve keeps eq. 9 at tubeWeight: localisationWeight only re-ranks which candidate is the
  // predicted tube (the tube branch alone localises better, the average gives the better frame curve).
  const frameCandidates =
    params.localisationWeight === null
      ? candidates
      : parts.map((p, i) => ({ frames: p.frames, score: combine(pt?.[i], pv?.[i]) }));

  // Segment scores: the documented 'segments' option, and the fallback of a video without scorable tubes.
  const segmentBased = params.frameScores === 'segments' || candidates.length === 0;
  const spans = !segmentBased
    ? []
    : params.segments === 'videolets' && input.videolets.length > 0
      ? input.videolets.map((v) => [v.startFrame, v.endFrame] as [number, number])
      : splitSpan(0, input.frameCount, params.segments === 'videolets' ? 32 : params.segments);
  const segFeats = spans.map(([s, e]) => pool(whole, s, e));
  const segPos = Float32Array.from(spans, ([s, e]) => centre(s, e));
  const scoreSegments = (b: BranchScorer | null) =>
    segmentBased && b ? scoreWith(model, b, segFeats, segPos, dim, 'frame') : undefined;
  const sv = await scoreSegments(model.temporal);
  const st = await scoreSegments(model.tube);
  const segScores = spans.map((_, i) => combine(st?.[i], sv?.[i]));
  const frameScores = segmentBased
    ? segmentScoresToFrames(spans, segScores, input.frameCount)
    : candidateFrameScores(frameCandidates, input.frameCount);

  // A video without scorable tubes still needs a score for VAUC/FAR: the temporal branch's MIL max over segments.
  // 'split': the video score from the video bag (the relationship module's context), where and when from each candidate
  // alone.
  const bagMax = bt || bv ? Math.max(...parts.map((_, i) => combine(bt?.[i], bv?.[i]))) : undefined;
  const videoScore = !candidates.length ? Math.max(...(sv ?? st)!) : (bagMax ?? candidates[0]!.score);
  return {
    candidates,
    videoScore,
    branches: { tube: !!model.tube, temporal: !!model.temporal },
    frameCount: input.frameCount,
    frameScores,
    segments: spans.map(([start, end], i) => ({ start, end, score: segScores[i]! })),
    ranges: anomalousRanges(frameScores, { threshold: params.rangeThreshold, fps: input.fps }),
  };
}

/** Models that do not record their candidates (trained before model.json `candidates`) get the old defaults. */
const LEGACY_CANDIDATES: ModelCandidates = Object.freeze({
  subTubes: 4,
  maxTubes: 200,
  multivariate: true,
  pooling: 'after',
});

/**
 * The candidates inference scores: the params where set, else as the model was trained (its
 * model.json `candidates`), so the relationship module attends over bags shaped like its training
 * bags (issue 15: 2 sub-tubes of 32 tubes in training against 4 of 200 at inference cost 3 VAUC
 * and half the MIoU).
 */
export function candidateShape(
  model: Pick<ScoringModel, 'candidates'>,
  params: Pick<InferConfig, 'subTubes' | 'maxTubes' | 'l2'>,
): ModelCandidates {
  const m = model.candidates ?? LEGACY_CANDIDATES;
  return {
    subTubes: params.subTubes ?? m.subTubes,
    maxTubes: params.maxTubes ?? m.maxTubes,
    multivariate: m.multivariate,
    pooling: params.l2 ?? m.pooling,
  };
}

/**
 * Per-frame scores from the spatio-temporal candidates (the default): a frame's score is the
 * highest eq. 9 score among the scored sub-tubes whose span [first, last + 1) covers it; frames no
 * candidate covers get the video's lowest candidate score (not 0, which would rank them below
 * every frame of every other video in the frame-level ROC). With candidates sorted best first the
 * first writer wins, so one pass suffices.
 */
export function candidateFrameScores(
  candidates: readonly Pick<ScoredCandidate, 'frames' | 'score'>[],
  frameCount: number,
): Float32Array {
  const out = new Float32Array(frameCount);
  if (candidates.length === 0) return out;
  const covered = new Uint8Array(frameCount);
  let min = Infinity;
  for (const c of candidates) min = Math.min(min, c.score);
  for (const c of candidates) {
    if (c.frames.length === 0) continue;
    const span = clipInterval(c.frames[0]!, c.frames[c.frames.length - 1]! + 1, frameCount);
    if (!span) continue;
    for (let f = span[0]; f < span[1]; f++) {
      if (!covered[f] || c.score > out[f]!) out[f] = c.score;
      covered[f] = 1;
    }
  }
  for (let f = 0; f < frameCount; f++) if (!covered[f]) out[f] = min;
  return out;
}
