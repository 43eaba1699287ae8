import {
  ArtifactError,
  candidateParts,
  clipIndex,
  clipsForSpan,
  meanPool,
  readClipFeatures,
  readTubes,
  readVideolets,
  WHOLE_FRAME_SOURCE,
  type PoolOptions,
  type VideoLabel,
} from '@wsstad/core';
import type { VideoBags } from './types';

/** The three per-video artifacts the bags are pooled from. Ground truth is deliberately not among them. */
export interface VideoArtifactPaths {
  tubes: string;
  videolets: string;
  'clip-features': string;
}

export interface BagOptions {
  maxTubes: number;
  /** Keep multivariate tubes (Table 4 'MVT'). */
  multivariate: boolean;
  poolL2: NonNullable<PoolOptions['l2']>;
  /**
   * Split each tube evenly in time into this many sub-tubes, each its own instance (1 = the paper:
   * whole tubes in training, sub-tubes only at inference). maxTubes caps tubes, so a bag holds up to
   * maxTubes x subTubes instances, exactly the candidates inference scores with the same settings.
   */
  subTubes?: number;
}

/**
 * Build one video's MIL bags from its artifacts and its video-level label only.
 * Tube branch: each tube's region-level feature (its own clips, source = tube id) and image-level
 * counterpart (whole-frame clips over the tube's span), at most maxTubes, highest tube score first.
 * Temporal branch: each videolet pooled from whole-frame clips. A video with no usable tube gets one
 * fallback instance: the whole frame over the whole video (region = image level), so it still
 * counts as a bag in the tube branch (a normal video without detections is a valid negative).
 */
export function buildVideoBags(id: string, label: VideoLabel, paths: VideoArtifactPaths, opts: BagOptions): VideoBags {
  const cf = readClipFeatures(paths['clip-features']);
  const { tubes } = readTubes(paths.tubes);
  const { videolets } = readVideolets(paths.videolets);
  const d = cf.dim;
  const idx = clipIndex(cf);
  const whole = idx.get(WHOLE_FRAME_SOURCE) ?? [];
  if (whole.length === 0)
    throw new ArtifactError('no whole-frame clips (source -1): videolets and image-level instances need them', {
      file: paths['clip-features'],
      hint: 're-run the features stage with whole-frame clips enabled',
    });
  const frames = Math.max(1, cf.video.frameCount);
  const pool = { l2: opts.poolL2 };
  const region: Float32Array[] = [];
  const image: Float32Array[] = [];
  const positions: number[] = [];
  const m = Math.max(1, opts.subTubes ?? 1);
  // The same candidates inference scores (one rule: tubes by score, at most maxTubes, M parts each).
  const { parts } = candidateParts(tubes, idx, {
    subTubes: m,
    maxTubes: opts.maxTubes,
    multivariate: opts.multivariate,
  });
  for (const p of parts) {
    const [s, e] = p.span;
    region.push(meanPool(cf, m > 1 ? clipsForSpan(cf, p.rows, s, e) : p.rows, pool));
    image.push(meanPool(cf, clipsForSpan(cf, whole, s, e), pool));
    positions.push((s + e) / 2 / frames);
  }
  const fallback = parts.length === 0;
  if (fallback) {
    const f = meanPool(cf, whole, pool);
    region.push(f);
    image.push(f);
    positions.push(0.5);
  }
  if (videolets.length === 0)
    throw new ArtifactError('no videolets', { file: paths.videolets, hint: 're-run the tube-linker stage' });
  const vfeat = videolets.map((v) => meanPool(cf, clipsForSpan(cf, whole, v.startFrame, v.endFrame), pool));
  return {
    id,
    label,
    dim: d,
    tube: {
      region: concat(region, d),
      image: concat(image, d),
      positions: Float32Array.from(positions),
      n: region.length,
      fallback,
    },
    temporal: {
      features: concat(vfeat, d),
      positions: Float32Array.from(videolets, (v) => (v.startFrame + v.endFrame) / 2 / frames),
      n: vfeat.length,
    },
  };
}

function concat(rows: readonly Float32Array[], d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}
