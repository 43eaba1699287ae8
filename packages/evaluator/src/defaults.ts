import type { EvalConfig, InferConfig } from './types';

export const DEFAULT_INFER_CONFIG: Readonly<InferConfig> = Object.freeze({
  // M of section 3.4: every candidate tube is divided evenly in time into M hypothetical sub-tubes.
  // null = as the model was trained (model.json `candidates`; 4 for models that do not record it).
  subTubes: null,
  // Tubes scored per video, highest tube (detection) score first; 0 = all. null = as trained (else 200).
  maxTubes: null,
  // Sub-segments for the per-frame score (Appendix F): 'videolets' (the tube-linker's videolets) or a count of equal
  // segments.
  segments: 'videolets' as const,
  // Where pooled clip features are L2-normalised; null = as trained (model.json `candidates.pooling`, else 'after').
  l2: null,
  // Per-frame scores: 'candidates' = per frame, the best eq. 9 score of the scored sub-tubes covering
  // it (uncovered frames: the video's lowest candidate score); 'segments' = Appendix F's whole-frame
  // segments scored by both branches (the tube branch then sees features it was never trained on).
  frameScores: 'candidates' as const,
  // Frames scoring above this form the anomalous time ranges written with the frame scores; the same
  // 0.2 as evaluation's farThreshold, so a normal video has a range exactly when it counts as a false alarm.
  rangeThreshold: 0.2,
  // Eq. 9 weight of the tube branch: score = w * tube + (1 - w) * temporal (0.5 = the paper's average).
  tubeWeight: 0.5,
  // Eq. 9 weight of the tube branch in the ranking that picks the predicted tube; null = tubeWeight. 1
  // (default): the tube branch alone, the only branch that sees the boxes (the temporal branch scores
  // whole frames, the same for every box over a span); on the benchmark it localised better than the
  // average on two seeds (MIoU +2.0 and +1.2, paired, docs/quality.md). The video score (`split`) and
  // the frame scores keep tubeWeight.
  localisationWeight: 1,
  // The bag a candidate is scored in. 'split' (default): the video score is eq. 9's max over the
  // candidates scored together in one bag (the relationship module attending across them, as in
  // training), while the candidate ranking, the localisation and the frame scores use each candidate
  // scored alone (a bag of one): the attention context lifts every candidate of an abnormal video
  // alike, which keeps the video score but hides which candidate is the event (issue 15: on the same
  // model, MIoU 2.3 -> 8.4, frame AUC 63 -> 72, VAUC unchanged). 'video' = the paper's reading (all
  // scores from the one bag); 'instance' = all scores from single-candidate bags; 'mean' = their average.
  bag: 'split' as const,
});

/** Upper bound of EvalConfig.keyFramesPerVideo: keeps report.html's size bounded (~20 kB per frame and card). */
export const MAX_KEY_FRAMES_PER_VIDEO = 32;

export const DEFAULT_EVAL_CONFIG: Readonly<EvalConfig> = Object.freeze({
  // Thresholds of IoU@eps (the paper reports 0.1 and 0.3 on ST-UCF-Crime, 0.1 and 0.2 on STRA).
  eps: Object.freeze([0.1, 0.2, 0.3]) as unknown as number[],
  // true: IoU@eps counts Sloc > eps and FAR counts score > threshold (as public ports); false: >=.
  strict: true,
  // Score threshold of the false-alarm rate (Appendix E: "at 20% threshold").
  farThreshold: 0.2,
  // Seeds the Random baseline is averaged over.
  randomSeeds: 10,
  // M used to form the baselines' candidate sub-tubes when baselineCandidates is not 'scored'.
  subTubes: 4,
  // Candidates of the Random / Upper Bound baselines: 'scored' = the candidates inference scored (same
  // M and tube cap as the method: the Upper Bound is what the method can reach); or built from all
  // tubes: whole tubes, their M sub-tubes, or both (the Upper Bound then includes candidates the method never sees).
  baselineCandidates: 'scored' as const,
  // Videos shown with plots and key frames in report.html (best and worst first); 0 = all.
  reportVideos: 12,
  // Draw key frames (real frames when the video can be decoded, else a blank canvas of the video size).
  keyFrames: true,
  // Key frames per video card (with keyFrames): N > 1 embeds a strip of N frames evenly spaced over the
  // predicted top-1 tube (JPEG data URIs, ~20 kB each at 320 px) with prev/next and a slider to step
  // through them; 1 = the single key frame as a PNG in frames/ (the report before issue 16). In [1, 32].
  keyFramesPerVideo: 6,
  // IoU@eps / MIoU / Upper Bound: 'auto' = only when some abnormal test video has box ground truth
  // (UCF-Crime's temporal annotations have none: its report is VAUC, FAR and frame AUC).
  spatial: 'auto' as const,
  // Resamples of the bootstrap intervals over test videos (metrics/bootstrap.ts); 0 = no intervals.
  bootstrap: 1000,
  // Two-sided level of every interval and paired difference.
  ciLevel: 0.95,
});
