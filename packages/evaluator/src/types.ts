import type { AnomalousRange } from './infer/ranges';
import type { Box, Logger } from '@wsstad/core';

/** Instance shape of training (model.json `candidates`, written by the trainer). */
export interface ModelCandidates {
  subTubes: number;
  maxTubes: number;
  multivariate: boolean;
  pooling: 'none' | 'before' | 'after' | 'both';
}

/** One branch of the dual-branch model: scores a bag of instances, attending across them. */
export interface BranchScorer {
  /**
   * features: n x D row-major, already normalised with the model's `normalize`; positions: each
   * instance's temporal centre in [0, 1] of the video (read by the 'gcn' relation only). Returns n scores in [0, 1].
   */
  scoreBag(features: Float32Array, n: number, positions?: Float32Array): Promise<Float32Array>;
}

/**
 * The trained model as the evaluator sees it (`@wsstad/relationship-module`'s DualBranchModel).
 * A single-branch model (Table 2's ablations) has `null` for the missing branch.
 */
export interface ScoringModel {
  featureDim: number;
  /**
   * The candidates the model was trained on (model.json `candidates`); inference scores these by default. Absent on
   * older models.
   */
  candidates?: ModelCandidates;
  tube: BranchScorer | null;
  temporal: BranchScorer | null;
  /**
   * `input` 'frame' for whole-frame features (image-level tubes, segments): models fitted per input use separate
   * statistics.
   */
  normalize(features: Float32Array, n: number, input?: 'region' | 'frame'): Float32Array;
  dispose(): void;
}

export type ModelLoader = (dir: string, opts: { expectFeatureDim?: number }) => Promise<ScoringModel>;

/**
 * Parameters of inference (section 3.4). Filled by normalizeInferConfig; see DEFAULT_INFER_CONFIG for the meaning of
 * each field.
 */
export interface InferConfig {
  subTubes: number | null;
  maxTubes: number | null;
  segments: 'videolets' | number;
  l2: 'none' | 'before' | 'after' | 'both' | null;
  frameScores: 'candidates' | 'segments';
  rangeThreshold: number;
  tubeWeight: number;
  localisationWeight: number | null;
  bag: 'video' | 'instance' | 'mean' | 'split';
}

/** One scored candidate: a hypothetical sub-tube (part p of tube t). */
export interface ScoredCandidate {
  tubeId: number;
  part: number;
  frames: number[];
  boxes: Box[];
  /** Eq. 9 score: (p_t + p_v) / 2, or the only branch's score for single-branch models. */
  score: number;
  /** Tube-branch score p_t (-1 when the model has no tube branch). */
  tubeScore: number;
  /** Temporal-branch score p_v (-1 when the model has no temporal branch). */
  temporalScore: number;
}

/** Inference result of one video. */
export interface VideoScores {
  /** Candidates sorted by score, best first (ties: lower tube id, then lower part). */
  candidates: ScoredCandidate[];
  /**
   * The video's score: the top-1 candidate's score, or for a video without tubes the max segment score of the temporal
   * branch.
   */
  videoScore: number;
  branches: { tube: boolean; temporal: boolean };
  frameCount: number;
  /** Per-frame anomaly score (InferConfig.frameScores says from what). */
  frameScores: Float32Array;
  /** The sub-segments behind frameScores and their branch scores (empty when frame scores come from the candidates). */
  segments: Array<{ start: number; end: number; score: number }>;
  /** Merged anomalous time ranges (frames whose score exceeds InferConfig.rangeThreshold). */
  ranges: AnomalousRange[];
}

/** Parameters of the evaluation stage. See DEFAULT_EVAL_CONFIG. */
export interface EvalConfig {
  eps: number[];
  strict: boolean;
  farThreshold: number;
  randomSeeds: number;
  subTubes: number;
  baselineCandidates: 'scored' | 'tubes' | 'sub-tubes' | 'both';
  reportVideos: number;
  keyFrames: boolean;
  /** Key frames per report card: 1 = one PNG key frame; N > 1 = a browsable strip of N frames. In [1, 32]. */
  keyFramesPerVideo: number;
  /**
   * Spatial metrics (IoU@eps, MIoU and the Upper Bound row): 'auto' computes them only when some
   * abnormal test video has box ground truth (temporal-only annotations such as UCF-Crime's skip
   * them); true / false force it.
   */
  spatial: 'auto' | boolean;
  /** Bootstrap resamples of the intervals (0 = no intervals). */
  bootstrap: number;
  /** Two-sided level of the intervals. */
  ciLevel: number;
}

export interface RunContext {
  log?: Logger;
  seed?: number;
}
