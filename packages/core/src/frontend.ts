import type { Lineage } from './artifacts/table';

/**
 * The "front end" of a model: every setting between a video file and the features the model was
 * trained on. A trained model records it (model.json `frontEnd`) so inference on a new video
 * reproduces the training-time detections, tubes and features instead of the library defaults.
 * The per-stage params travel down the artifacts' lineage (`Lineage.frontEnd`): detect writes
 * `{ detect }`, link adds `link`, features adds `features`; train reads it from any clip-features
 * artifact, so the standalone `wsstad train` on artifact folders records it too.
 */
export const FRONT_END_STAGES = ['detect', 'link', 'features'] as const;
export type FrontEndStage = (typeof FRONT_END_STAGES)[number];

export interface FrontEnd {
  /**
   * Normalised params of each front-end stage (null when the artifacts did not record them, e.g. imported features).
   */
  detect: unknown;
  link: unknown;
  features: unknown;
  /** Clip-feature backbone name ('hog-hof-mbh', 'c3d', ...). */
  backbone: string | null;
  /**
   * How time is measured: detection runs on the source frames at the source frame rate (every
   * `detect.stride`-th frame); link thresholds given in seconds are converted with each video's fps.
   */
  fpsPolicy: 'source-fps';
  /** Sub-tubes per tube used as training instances (inference splits into `infer.subTubes` = M). */
  subTubes: number | null;
  /** L2 placement when pooling clip features into instances; inference must use the same. */
  pooling: string | null;
}

/** The lineage `frontEnd` of a stage's output: the upstream chain plus this stage's params. */
export function chainFrontEnd(
  upstream: Lineage | undefined,
  stage: FrontEndStage,
  params: unknown,
): Record<string, unknown> {
  const prev = upstream?.frontEnd ?? {};
  return { ...prev, [stage]: params };
}

/** Collect the front end from a clip-features lineage plus the trainer's instance settings. */
export function frontEndParams(
  lineage: Lineage | undefined,
  train: { subTubes?: number; poolL2?: string; backbone?: string } = {},
): FrontEnd {
  const fe = lineage?.frontEnd ?? {};
  const features = (fe.features ?? null) as { backbone?: unknown } | null;
  const backbone = train.backbone ?? (typeof features?.backbone === 'string' ? features.backbone : null);
  return {
    detect: fe.detect ?? null,
    link: fe.link ?? null,
    features,
    backbone,
    fpsPolicy: 'source-fps',
    subTubes: train.subTubes ?? null,
    pooling: train.poolL2 ?? null,
  };
}

/**
 * Dotted paths whose values differ between `a` and `b` (leaves compared by JSON), e.g.
 * `['link.gapTolerance', 'detect.detector.kind']`. Used to warn when inference deviates from training.
 */
export function diffParams(a: unknown, b: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffParams(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) ? [] : [prefix || '(root)'];
}
