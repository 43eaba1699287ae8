import type { Tube } from '@wsstad/core';

/** How the seed frame's cluster (and every later frame's cluster) of a multivariate tube grows. */
export type ClusterMode = 'seed' | 'closure';
/** What the boxes of the next frame are compared with in multivariate linking. */
export type TemporalMatch = 'anyBox' | 'unionBox';
/** How unary linking predicts where a tube's object goes next: 'none' = the paper (IoU with the last box). */
export type LinkMotion = 'none' | 'constant-velocity';
/** Unary tubes per category (Algorithm 1 as written) or over all detections at once. */
export type UnaryCategories = 'each' | 'pooled';
/** Category label of a multivariate tube whose boxes come from several categories. */
export type MixedLabel = 'mixed' | 'majority';

export interface VideoletOptions {
  /** Number of temporal segments per video (Sultani et al.: 32). */
  segments: number;
  /** Frames per clip; segment boundaries are placed on clip boundaries (C3D: 16). */
  clipLength: number;
}

/** The tube-linker's normalised configuration (see defaults.ts for what each field means). */
export interface LinkConfig {
  eta: number;
  lambda: number;
  zeta1: number;
  zeta2: number;
  zeta1Seconds: number | null;
  zeta2Seconds: number | null;
  gapTolerance: number;
  gapToleranceSeconds: number | null;
  motion: LinkMotion;
  motionGate: number;
  unaryCategories: UnaryCategories;
  maxInstances: number;
  unary: boolean;
  multivariate: boolean;
  cluster: ClusterMode;
  temporalMatch: TemporalMatch;
  crossCategory: boolean;
  mixedLabel: MixedLabel;
  videolets: VideoletOptions;
}

/** Thresholds in frames after converting any *Seconds field with the video's fps. */
export interface ResolvedThresholds {
  zeta1: number;
  zeta2: number;
  gapTolerance: number;
}

export interface LinkStats {
  /** Tubes built before the length threshold (kept or not). */
  unaryBuilt: number;
  multivariateBuilt: number;
  /** Tubes that passed the length threshold. */
  unaryLong: number;
  multivariateLong: number;
  /** Tubes dropped by the per-video cap. */
  capped: number;
  thresholds: ResolvedThresholds;
}

export interface LinkResult {
  /** Kept tubes, best mean score first, ids 0..n-1 in that order. */
  tubes: Tube[];
  stats: LinkStats;
}

/** Per-kind counts and length statistics of a tube list (what `wsstad link` prints). */
export interface TubeSummary {
  kind: 'unary' | 'multivariate';
  count: number;
  minLength: number;
  medianLength: number;
  maxLength: number;
  meanScore: number;
}
