import { join } from 'node:path';
import {
  Rng,
  ensureDir,
  writeClipFeatures,
  writeTubes,
  writeVideolets,
  type Box,
  type Lineage,
  type Tube,
  type VideoEntry,
  type VideoInfo,
} from '@wsstad/core';
import type { VideoArtifactPaths } from './bags';

export interface ToyOptions {
  videos: number;
  abnormalShare: number;
  dim: number;
  /** Mean shift of the anomalous instance's first `shiftDims` dimensions, in noise std units. */
  shift: number;
  shiftDims: number;
  videolets: number;
  seed: number;
}

const TOY_LINEAGE: Lineage = { stage: 'toy', codeVersion: 'toy-1', paramsHash: 'toy', inputs: {} };
const CLIP = 16;

/**
 * Write a toy dataset as real artifacts (tubes, videolets, clip features) for tests and demos:
 * every clip feature is Gaussian noise, except that in an abnormal video one tube's region clips
 * and the whole-frame clips over its span are drawn from a shifted distribution. Only that
 * shifted instance separates the labels, which is exactly the MIL setting.
 */
export function writeToyDataset(
  dir: string,
  opts: Partial<ToyOptions> = {},
): { videos: VideoEntry[]; paths: Record<string, VideoArtifactPaths> } {
  const o: ToyOptions = {
    videos: 40,
    abnormalShare: 0.5,
    dim: 32,
    shift: 1.5,
    shiftDims: 8,
    videolets: 8,
    seed: 0,
    ...opts,
  };
  const rng = new Rng(`toy/${o.seed}`);
  const videos: VideoEntry[] = [];
  const paths: Record<string, VideoArtifactPaths> = {};
  ensureDir(dir);
  for (let v = 0; v < o.videos; v++) {
    const abnormal = v < Math.round(o.videos * o.abnormalShare);
    const id = `toy${String(v).padStart(4, '0')}`;
    const info: VideoInfo = { width: 160, height: 120, fps: 25, frameCount: 160 };
    const nTubes = rng.int(0, 5) + (abnormal ? 1 : 0);
    const tubes: Tube[] = [];
    for (let t = 0; t < nTubes; t++) {
      const start = rng.int(0, 80);
      const len = rng.int(32, 160 - start);
      const frames = Array.from({ length: len }, (_, i) => start + i);
      const box: Box = [rng.int(0, 80), rng.int(0, 60), 0, 0];
      const b: Box = [box[0], box[1], box[0] + 40, box[1] + 40];
      const score = rng.uniform(0.3, 1);
      tubes.push({
        id: t,
        kind: rng.bool(0.3) ? 'multivariate' : 'unary',
        category: 'person',
        frames,
        boxes: frames.map(() => b),
        scores: frames.map(() => score),
        score,
      });
    }
    const anomalous = abnormal ? rng.int(0, nTubes - 1) : -1;
    const sources: number[] = [],
      starts: number[] = [],
      feats: number[] = [];
    const addClip = (source: number, s: number, shifted: boolean) => {
      sources.push(source);
      starts.push(s);
      for (let k = 0; k < o.dim; k++) feats.push(rng.normal() + (shifted && k < o.shiftDims ? o.shift : 0));
    };
    const [as, ae] = anomalous >= 0 ? [tubes[anomalous]!.frames[0]!, tubes[anomalous]!.frames.at(-1)! + 1] : [-1, -1];
    for (let s = 0; s + CLIP <= info.frameCount; s += CLIP) addClip(-1, s, anomalous >= 0 && s + CLIP > as && s < ae);
    for (const t of tubes)
      for (let s = t.frames[0]!; s + CLIP <= t.frames.at(-1)! + 1; s += CLIP) addClip(t.id, s, t.id === anomalous);
    const vdir = ensureDir(join(dir, id));
    const p: VideoArtifactPaths = {
      tubes: join(vdir, 'tubes.arrow'),
      videolets: join(vdir, 'videolets.arrow'),
      'clip-features': join(vdir, 'clip-features.arrow'),
    };
    writeTubes(p.tubes, info, tubes, { ...TOY_LINEAGE, videoId: id });
    const step = info.frameCount / o.videolets;
    writeVideolets(
      p.videolets,
      info,
      Array.from({ length: o.videolets }, (_, i) => ({
        index: i,
        startFrame: Math.round(i * step),
        endFrame: Math.round((i + 1) * step),
      })),
      { ...TOY_LINEAGE, videoId: id },
    );
    writeClipFeatures(
      p['clip-features'],
      info,
      {
        backbone: 'toy',
        dim: o.dim,
        source: Int32Array.from(sources),
        clipStart: Int32Array.from(starts),
        clipEnd: Int32Array.from(starts, (s) => s + CLIP),
        features: Float32Array.from(feats),
      },
      { ...TOY_LINEAGE, videoId: id },
    );
    videos.push({
      id,
      uri: `toy:${o.seed}/${v}`,
      split: 'train',
      label: abnormal ? 'abnormal' : 'normal',
      category: abnormal ? 'toy-event' : 'normal',
    });
    paths[id] = p;
  }
  return { videos, paths };
}
