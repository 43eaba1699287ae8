import type { Box, Detection, Tube, TubeKind, VideoInfo, Videolet, ClipFeature } from '../types';
import { ArtifactError } from '../errors';
import { readArtifact, writeArtifact, type ArtifactData, type Lineage } from './table';

/**
 * Typed, columnar views of the per-video artifacts. Stages that touch millions of boxes use the
 * column form (typed arrays) directly; the object forms are conveniences for small data and tests.
 */
export interface DetectionColumns {
  video: VideoInfo;
  frame: Int32Array;
  /** Flat [x1, y1, x2, y2] per detection. */
  boxes: Float32Array;
  score: Float32Array;
  category: string[];
}

export function detectionsToColumns(video: VideoInfo, dets: readonly Detection[]): DetectionColumns {
  const n = dets.length;
  const c: DetectionColumns = {
    video,
    frame: new Int32Array(n),
    boxes: new Float32Array(n * 4),
    score: new Float32Array(n),
    category: new Array(n),
  };
  dets.forEach((d, i) => {
    c.frame[i] = d.frame;
    c.boxes.set(d.box, i * 4);
    c.score[i] = d.score;
    c.category[i] = d.category;
  });
  return c;
}

export function columnsToDetections(c: DetectionColumns): Detection[] {
  return Array.from(c.frame, (frame, i) => ({
    frame,
    score: c.score[i]!,
    category: c.category[i]!,
    box: [c.boxes[i * 4]!, c.boxes[i * 4 + 1]!, c.boxes[i * 4 + 2]!, c.boxes[i * 4 + 3]!] as Box,
  }));
}

function splitBoxes(boxes: Float32Array, n: number) {
  const x1 = new Float32Array(n),
    y1 = new Float32Array(n),
    x2 = new Float32Array(n),
    y2 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = boxes[i * 4]!;
    y1[i] = boxes[i * 4 + 1]!;
    x2[i] = boxes[i * 4 + 2]!;
    y2[i] = boxes[i * 4 + 3]!;
  }
  return { x1, y1, x2, y2 };
}

function joinBoxes(d: ArtifactData): Float32Array {
  const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((k) => d.columns[k] as Float32Array) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const out = new Float32Array(d.rows * 4);
  for (let i = 0; i < d.rows; i++) {
    out[i * 4] = x1[i]!;
    out[i * 4 + 1] = y1[i]!;
    out[i * 4 + 2] = x2[i]!;
    out[i * 4 + 3] = y2[i]!;
  }
  return out;
}

const videoMeta = (v: VideoInfo): Record<string, string> => ({
  width: String(v.width),
  height: String(v.height),
  fps: String(v.fps),
  frameCount: String(v.frameCount),
});

function parseVideoMeta(meta: Record<string, string> | undefined, file: string): VideoInfo {
  const v = {
    width: Number(meta?.width),
    height: Number(meta?.height),
    fps: Number(meta?.fps),
    frameCount: Number(meta?.frameCount),
  };
  if (!Object.values(v).every(Number.isFinite))
    throw new ArtifactError('artifact lacks video width/height/fps/frameCount metadata', { file });
  return v;
}

export function writeDetections(path: string, c: DetectionColumns, lineage: Lineage): Uint8Array {
  const n = c.frame.length;
  return writeArtifact(
    path,
    'detections',
    {
      rows: n,
      columns: { frame: c.frame, ...splitBoxes(c.boxes, n), score: c.score, category: c.category },
      meta: videoMeta(c.video),
    },
    lineage,
  );
}

export function readDetections(path: string): DetectionColumns & { lineage: Lineage } {
  const a = readArtifact(path, 'detections');
  return {
    video: parseVideoMeta(a.meta, path),
    frame: a.columns.frame as Int32Array,
    boxes: joinBoxes(a),
    score: a.columns.score as Float32Array,
    category: a.columns.category as string[],
    lineage: a.lineage,
  };
}

export function writeTubes(path: string, video: VideoInfo, tubes: readonly Tube[], lineage: Lineage): Uint8Array {
  const n = tubes.reduce((s, t) => s + t.frames.length, 0);
  const cols = {
    tube_id: new Int32Array(n),
    kind: new Array<string>(n),
    category: new Array<string>(n),
    frame: new Int32Array(n),
    x1: new Float32Array(n),
    y1: new Float32Array(n),
    x2: new Float32Array(n),
    y2: new Float32Array(n),
    score: new Float32Array(n),
    tube_score: new Float32Array(n),
  };
  let r = 0;
  for (const t of tubes) {
    for (let i = 0; i < t.frames.length; i++, r++) {
      const b = t.boxes[i]!;
      cols.tube_id[r] = t.id;
      cols.kind[r] = t.kind;
      cols.category[r] = t.category;
      cols.frame[r] = t.frames[i]!;
      cols.x1[r] = b[0];
      cols.y1[r] = b[1];
      cols.x2[r] = b[2];
      cols.y2[r] = b[3];
      cols.score[r] = t.scores[i]!;
      cols.tube_score[r] = t.score;
    }
  }
  return writeArtifact(path, 'tubes', { rows: n, columns: cols, meta: videoMeta(video) }, lineage);
}

export function readTubes(path: string): { video: VideoInfo; tubes: Tube[]; lineage: Lineage } {
  const a = readArtifact(path, 'tubes');
  const c = a.columns as Record<string, never>;
  const byId = new Map<number, Tube>();
  for (let r = 0; r < a.rows; r++) {
    const id = (c.tube_id as Int32Array)[r]!;
    let t = byId.get(id);
    if (!t) {
      t = {
        id,
        kind: (c.kind as string[])[r] as TubeKind,
        category: (c.category as string[])[r]!,
        frames: [],
        boxes: [],
        scores: [],
        score: (c.tube_score as Float32Array)[r]!,
      };
      byId.set(id, t);
    }
    t.frames.push((c.frame as Int32Array)[r]!);
    t.boxes.push([
      (c.x1 as Float32Array)[r]!,
      (c.y1 as Float32Array)[r]!,
      (c.x2 as Float32Array)[r]!,
      (c.y2 as Float32Array)[r]!,
    ]);
    t.scores.push((c.score as Float32Array)[r]!);
  }
  return { video: parseVideoMeta(a.meta, path), tubes: [...byId.values()], lineage: a.lineage };
}

export function writeVideolets(path: string, video: VideoInfo, vs: readonly Videolet[], lineage: Lineage): Uint8Array {
  return writeArtifact(
    path,
    'videolets',
    {
      rows: vs.length,
      columns: {
        index: Int32Array.from(vs, (v) => v.index),
        start_frame: Int32Array.from(vs, (v) => v.startFrame),
        end_frame: Int32Array.from(vs, (v) => v.endFrame),
      },
      meta: videoMeta(video),
    },
    lineage,
  );
}

export function readVideolets(path: string): { video: VideoInfo; videolets: Videolet[]; lineage: Lineage } {
  const a = readArtifact(path, 'videolets');
  const [idx, s, e] = ['index', 'start_frame', 'end_frame'].map((k) => a.columns[k] as Int32Array) as [
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  return {
    video: parseVideoMeta(a.meta, path),
    videolets: Array.from(idx, (index, i) => ({ index, startFrame: s[i]!, endFrame: e[i]! })),
    lineage: a.lineage,
  };
}

/** Clip features in column form: `features` is rows x dim, row-major. */
export interface ClipFeatureColumns {
  backbone: string;
  dim: number;
  source: Int32Array;
  clipStart: Int32Array;
  clipEnd: Int32Array;
  features: Float32Array;
}

export function writeClipFeatures(path: string, video: VideoInfo, c: ClipFeatureColumns, lineage: Lineage): Uint8Array {
  const rows = c.source.length;
  return writeArtifact(
    path,
    'clip-features',
    {
      rows,
      dims: { feature: c.dim },
      columns: { source: c.source, clip_start: c.clipStart, clip_end: c.clipEnd, feature: c.features },
      meta: { ...videoMeta(video), backbone: c.backbone, dim: String(c.dim) },
    },
    lineage,
  );
}

export function readClipFeatures(path: string): ClipFeatureColumns & { video: VideoInfo; lineage: Lineage } {
  const a = readArtifact(path, 'clip-features');
  const dim = a.dims?.feature ?? Number(a.meta?.dim);
  return {
    video: parseVideoMeta(a.meta, path),
    lineage: a.lineage,
    backbone: a.meta?.backbone ?? 'unknown',
    dim,
    source: a.columns.source as Int32Array,
    clipStart: a.columns.clip_start as Int32Array,
    clipEnd: a.columns.clip_end as Int32Array,
    features: a.columns.feature as Float32Array,
  };
}

export function clipFeatureRows(c: ClipFeatureColumns): ClipFeature[] {
  return Array.from(c.source, (source, i) => ({
    source,
    clipStart: c.clipStart[i]!,
    clipEnd: c.clipEnd[i]!,
    feature: c.features.subarray(i * c.dim, (i + 1) * c.dim),
  }));
}
