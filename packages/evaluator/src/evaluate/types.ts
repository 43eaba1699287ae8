import type { Tube } from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';
import type { ScoredCandidate, VideoScores } from '../types';
import type { BoxTrack } from '../metrics/localization';
import type { PairedComparison, RowIntervals } from './intervals';
import type { PerTypeRow } from './per-type';

/** Everything the evaluator knows about one test video. */
export interface EvalVideo {
  id: string;
  abnormal: boolean;
  /** Inference output (candidates best first, video score). */
  scores: Omit<VideoScores, 'frameScores' | 'segments' | 'ranges'>;
  frameScores?: Float32Array;
  segments?: Array<{ start: number; end: number; score: number }>;
  /** Candidate tubes (for the baselines). */
  tubes: readonly Tube[];
  /** Frames with detector boxes (Gamma's first set); undefined = no restriction. */
  detectedFrames?: ReadonlySet<number>;
  /** Video size and frame rate (report drawing and time axes). */
  info?: { width: number; height: number; fps: number };
  /** The manifest's category (anomaly type, or the kind of normal video such as a hard negative). */
  category?: string;
  /** Ground truth; null when the entry has none (then an abnormal video is left out of localisation). */
  gt: GroundTruth | null;
}

/** One row of the results table. Values in [0, 1] (the table shows percentages); null = not defined. */
export interface ResultRow {
  method: string;
  kind: 'method' | 'variant' | 'baseline';
  vauc: number | null;
  /** eps (as written, e.g. '0.1') -> IoU@eps. */
  iouAt: Record<string, number | null>;
  miou: number | null;
  far: number | null;
  frameAuc: number | null;
  /** MIoU with the union-span variant of the localisation score (README). */
  miouUnion: number | null;
  note?: string;
  /**
   * 95% intervals (EvalConfig.bootstrap > 0) of VAUC, MIoU, frame AUC and FAR; absent metrics are undefined for the
   * row.
   */
  ci?: RowIntervals;
}

/** Per-video outcome of the main method, for the report. */
export interface VideoOutcome {
  id: string;
  abnormal: boolean;
  score: number;
  /** eq. 10 score of the top-1 candidate (null for normal videos or missing ground truth). */
  sloc: number | null;
  slocUnion: number | null;
  top: ScoredCandidate | null;
  gtTrack: BoxTrack | null;
  gtInterval: [number, number] | null;
  frameCount: number;
}

export interface EvaluationResult {
  rows: ResultRow[];
  /** Whether IoU@eps, MIoU and the Upper Bound were computed (EvalConfig.spatial resolved). */
  spatial: boolean;
  videos: VideoOutcome[];
  counts: {
    videos: number;
    abnormal: number;
    normal: number;
    localised: number;
    missingGroundTruth: number;
    withoutTubes: number;
  };
  /** Intervals, paired comparisons and per-type rows (EvalConfig.bootstrap > 0). */
  statistics?: {
    method: string;
    resamples: number;
    level: number;
    /** The method (first row) minus every other row, per metric. */
    paired: PairedComparison[];
    perType: PerTypeRow[];
  };
  /** Video-level ROC of the main method and frame-level ROC, for plots (null when undefined). */
  roc: { video: { fpr: number[]; tpr: number[] } | null; frame: { fpr: number[]; tpr: number[] } | null };
}
