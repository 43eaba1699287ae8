import { readFileSync } from 'node:fs';
import { sha256, writeClipFeatures, type VideoInfo } from '@wsstad/core';
import { assertFiniteClipFeatures } from '../registry';
import { importRtfmNpy, importSultaniText, RELEASE_CLIP_FRAMES, SULTANI_SEGMENTS } from './public';

export type PublicFeatureFormat = 'sultani-txt' | 'rtfm-npy';

export interface ImportFeaturesArgs {
  format: PublicFeatureFormat;
  file: string;
  out: string;
  /** The video's frame count (Sultani: needed to place the 32 segments; RTFM: clips the last snippet). */
  frameCount?: number;
  /** Recorded in the artifact's video metadata; 0 when unknown. */
  width?: number;
  height?: number;
  fps?: number;
  videoId?: string;
}

/** Convert one video's public feature file into a clip-features artifact (whole-frame rows). */
export function importPublicFeatures(a: ImportFeaturesArgs): { rows: number; dim: number; backbone: string } {
  const cols =
    a.format === 'sultani-txt'
      ? importSultaniText(a.file, a.frameCount ?? SULTANI_SEGMENTS * RELEASE_CLIP_FRAMES)
      : importRtfmNpy(a.file, a.frameCount);
  assertFiniteClipFeatures(cols, a.file);
  const frameCount = a.frameCount ?? Math.max(...cols.clipEnd);
  const info: VideoInfo = { width: a.width ?? 0, height: a.height ?? 0, fps: a.fps ?? 0, frameCount };
  writeClipFeatures(a.out, info, cols, {
    stage: 'features-import',
    codeVersion: '@wsstad/c3d-features@1',
    paramsHash: sha256(JSON.stringify({ format: a.format, frameCount })),
    inputs: { features: sha256(readFileSync(a.file)) },
    ...(a.videoId ? { videoId: a.videoId } : {}),
  });
  return { rows: cols.source.length, dim: cols.dim, backbone: cols.backbone };
}
