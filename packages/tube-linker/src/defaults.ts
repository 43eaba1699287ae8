import type { LinkConfig } from './types';

/** Defaults are the paper's values (Appendix A) wherever the paper gives one. */
export const DEFAULT_LINK_CONFIG: Readonly<LinkConfig> = Object.freeze({
  /** eta in eq. 11: weight of the IoU term of the linking score S(Bi) + S(Bj) + eta * IoU. */
  eta: 2,
  /** lambda: IoU threshold; two boxes link or cluster only when IoU > lambda (strictly). */
  lambda: 0.1,
  /** zeta1: minimum unary tube length in frames (first to last frame, inclusive). */
  zeta1: 100,
  /** zeta2: minimum multivariate tube length in frames. */
  zeta2: 50,
  /** When set, overrides zeta1 with round(seconds * fps) of the video (at least 1 frame). */
  zeta1Seconds: null,
  /** When set, overrides zeta2 with round(seconds * fps) of the video (at least 1 frame). */
  zeta2Seconds: null,
  /**
   * Missing frames a tube may bridge (0 = the paper: stop at the first frame without an overlapping box). With a
   * detection stride k, use >= k - 1.
   */
  gapTolerance: 0,
  /** When set, overrides gapTolerance with round(seconds * fps). */
  gapToleranceSeconds: null,
  /**
   * Unary linking's IoU term: 'none' = eq. 11 as written (IoU with the tube's last box); 'constant-velocity' = the
   * larger of that and the IoU with the last box moved on at the tube's last step's velocity (a tracker's
   * prediction): a person running 3-4 px per frame at 8 px wide no longer breaks the tube every few frames.
   */
  motion: 'none' as const,
  /**
   * With motion 'constant-velocity': when no box of the next frame overlaps the tube's box or its prediction (a
   * tube's first step has no velocity yet; a sharp turn), a box of similar size whose centre is at most this many
   * box sizes (square root of the area) per frame from either links instead; 0 = no such fallback.
   */
  motionGate: 1.5,
  /**
   * 'each': unary tubes link boxes of one category (Algorithm 1); 'pooled': of any category, the tube labelled by its
   * boxes' most frequent one. Pooled suits detectors whose category is a guess (background subtraction names a blob
   * by its aspect ratio, so a falling person or a turning car changes category mid-event).
   */
  unaryCategories: 'each' as const,
  /**
   * Most tubes kept per video, unary and multivariate pooled, best mean score first (the paper's 200 per bag); 0 = no
   * cap.
   */
  maxInstances: 200,
  /** Build unary tubes (Algorithm 1). */
  unary: true,
  /** Build multivariate tubes (Algorithm 2). */
  multivariate: true,
  /**
   * 'seed': a frame's cluster is the boxes overlapping the seed / the previous frame's cluster (Algorithm 2 as
   * written); 'closure': also add, transitively, boxes of the same frame overlapping any cluster member.
   */
  cluster: 'seed',
  /**
   * 'anyBox': next-frame boxes join when they overlap any box of the current cluster (Algorithm 2, line 8); 'unionBox':
   * when they overlap the cluster's union box M.
   */
  temporalMatch: 'anyBox',
  /**
   * Multivariate clusters take boxes of every category (the paper's tube is category-agnostic); false keeps only the
   * seed's category.
   */
  crossCategory: true,
  /** Label of a multivariate tube mixing categories: 'mixed', or 'majority' (most boxes; ties to the smaller name). */
  mixedLabel: 'mixed',
  /** Videolets: Sultani et al.'s 32 segments over 16-frame clips. */
  videolets: Object.freeze({ segments: 32, clipLength: 16 }),
}) as Readonly<LinkConfig>;
