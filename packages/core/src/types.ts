/**
 * Domain types shared by every stage. Conventions (also in the README):
 * - frame indices are 0-based in the source video's frame numbering;
 * - frame ranges are half-open: [start, end);
 * - boxes are pixel [x1, y1, x2, y2] in the source resolution, x1 <= x2, y1 <= y2.
 */
export type Box = readonly [number, number, number, number];

/** Object categories. Without a classifier (background subtraction) the category is a size/aspect guess. */
export type Category = string;

export interface VideoInfo {
  width: number;
  height: number;
  fps: number;
  /** Number of frames in the source video (after any fps resampling the source applied). */
  frameCount: number;
}

export interface Detection {
  frame: number;
  box: Box;
  /** Confidence in [0, 1]. */
  score: number;
  category: Category;
}

export type TubeKind = 'unary' | 'multivariate';

/** A spatio-temporal tube: one box per frame over [startFrame, startFrame + boxes.length) unless gaps are allowed. */
export interface Tube {
  id: number;
  kind: TubeKind;
  category: Category;
  /** Frame index of each box, strictly increasing. */
  frames: number[];
  boxes: Box[];
  /** Per-frame detection score (for multivariate tubes, the max score of the frame's cluster). */
  scores: number[];
  /** The tube's score: mean of its per-frame scores. */
  score: number;
}

/** A temporal segment of the whole frame (Sultani et al.'s 32 segments). */
export interface Videolet {
  index: number;
  startFrame: number;
  /** Exclusive. */
  endFrame: number;
}

export type Split = 'train' | 'test';
export type VideoLabel = 'normal' | 'abnormal';

/** One entry of a dataset manifest. */
export interface VideoEntry {
  /** File-name-safe id: [A-Za-z0-9][A-Za-z0-9._-]*, unique in the manifest. */
  id: string;
  /** Where the frames come from: a path (relative to the manifest) or `synth:<preset>/<seed>/<index>`. */
  uri: string;
  split: Split;
  label: VideoLabel;
  /** Free-form event category (e.g. 'collision', 'Abuse'); 'normal' for normal videos. */
  category: string;
  /** Optional path of the spatio-temporal ground truth (test split only; training never reads it). */
  groundTruth?: string;
}

/** Where an instance's clips come from in the clip-features artifact. */
export const WHOLE_FRAME_SOURCE = -1;

/** One clip feature row: the source is the whole frame (-1) or a tube id (region crops). */
export interface ClipFeature {
  source: number;
  clipStart: number;
  /** Exclusive. */
  clipEnd: number;
  feature: Float32Array;
}

/** A MIL instance: a tube (region- or image-level), a sub-tube, or a videolet, with its pooled feature. */
export interface Instance {
  kind: 'tube-region' | 'tube-image' | 'videolet';
  /** Tube id or videolet index. */
  ref: number;
  startFrame: number;
  endFrame: number;
  feature: Float32Array;
}
