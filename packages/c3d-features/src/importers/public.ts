import { readFileSync, existsSync } from 'node:fs';
import { InputError, WHOLE_FRAME_SOURCE, type ClipFeatureColumns } from '@wsstad/core';
import { readNpy } from './npy';

/** Frames per snippet in the public releases (C3D / I3D 16-frame clips). */
export const RELEASE_CLIP_FRAMES = 16;
export const SULTANI_SEGMENTS = 32;
export const SULTANI_DIM = 4096;

/**
 * Sultani-style text file: 32 lines, one segment feature each (4096 whitespace-separated floats).
 * Each line becomes one whole-frame row spanning its segment: segment i covers 16-frame clips
 * [round(i * C / 32), round((i + 1) * C / 32)) of the video's C = floor(frameCount / 16) clips
 * (at least one clip each, as in Sultani's script), so core's pooling over a span finds it.
 */
export function importSultaniText(
  file: string,
  frameCount: number,
  opts: { segments?: number; dim?: number } = {},
): ClipFeatureColumns {
  const segments = opts.segments ?? SULTANI_SEGMENTS;
  const dim = opts.dim ?? SULTANI_DIM;
  if (!existsSync(file)) throw new InputError('feature text file not found', { file });
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length !== segments)
    throw new InputError(`expected ${segments} lines (one per segment), found ${lines.length}`, {
      file,
      hint: `Sultani's releases hold ${SULTANI_SEGMENTS} x ${SULTANI_DIM} floats per video`,
    });
  const features = new Float32Array(segments * dim);
  lines.forEach((l, i) => {
    const vals = l.split(/[\s,]+/);
    if (vals.length !== dim) throw new InputError(`line ${i + 1} has ${vals.length} values, expected ${dim}`, { file });
    vals.forEach((v, k) => {
      const x = Number(v);
      if (!Number.isFinite(x))
        throw new InputError(`line ${i + 1}, value ${k + 1} is not a finite number: '${v}'`, { file });
      features[i * dim + k] = x;
    });
  });
  const clips = Math.max(1, Math.floor(frameCount / RELEASE_CLIP_FRAMES));
  const source = new Int32Array(segments).fill(WHOLE_FRAME_SOURCE);
  const clipStart = new Int32Array(segments);
  const clipEnd = new Int32Array(segments);
  for (let i = 0; i < segments; i++) {
    const a = Math.round((i * clips) / segments);
    const b = Math.max(a + 1, Math.round(((i + 1) * clips) / segments));
    clipStart[i] = Math.min(a * RELEASE_CLIP_FRAMES, Math.max(0, frameCount - 1));
    clipEnd[i] = Math.max(clipStart[i]! + 1, Math.min(b * RELEASE_CLIP_FRAMES, frameCount));
  }
  return { backbone: `imported:sultani-txt/${dim}`, dim, source, clipStart, clipEnd, features };
}

/**
 * RTFM-style .npy: [T, 10, D] (10 crops: averaged into one feature per snippet) or [T, D]; snippet
 * t is the whole-frame clip [16t, 16t + 16), clipped to frameCount when it is known.
 */
export function importRtfmNpy(file: string, frameCount?: number): ClipFeatureColumns {
  const a = readNpy(file);
  if (a.shape.length !== 2 && a.shape.length !== 3)
    throw new InputError(`expected shape [T, 10, D] or [T, D], got [${a.shape.join(', ')}]`, {
      file,
      hint: 'RTFM releases are [T, 10, 2048] (I3D, 10 crops) or [T, D] per crop',
    });
  const [T, crops, D] = a.shape.length === 3 ? (a.shape as [number, number, number]) : [a.shape[0]!, 1, a.shape[1]!];
  if (T < 1 || D < 1 || crops < 1) throw new InputError(`empty feature array [${a.shape.join(', ')}]`, { file });
  const features = new Float32Array(T * D);
  for (let t = 0; t < T; t++)
    for (let c = 0; c < crops; c++)
      for (let k = 0; k < D; k++) features[t * D + k]! += a.data[(t * crops + c) * D + k]! / crops;
  const end = frameCount ?? T * RELEASE_CLIP_FRAMES;
  const clipStart = Int32Array.from({ length: T }, (_, t) => t * RELEASE_CLIP_FRAMES);
  const clipEnd = Int32Array.from({ length: T }, (_, t) =>
    Math.max(t * RELEASE_CLIP_FRAMES + 1, Math.min((t + 1) * RELEASE_CLIP_FRAMES, end)),
  );
  return {
    backbone: `imported:rtfm-npy/${D}${crops > 1 ? `/mean-of-${crops}-crops` : ''}`,
    dim: D,
    source: new Int32Array(T).fill(WHOLE_FRAME_SOURCE),
    clipStart,
    clipEnd,
    features,
  };
}
