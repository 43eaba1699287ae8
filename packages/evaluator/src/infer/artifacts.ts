import { ArtifactError, readArtifact, writeArtifact, type Box, type Lineage } from '@wsstad/core';
import type { ScoredCandidate, VideoScores } from '../types';
import type { AnomalousRange } from './ranges';

/**
 * Readers/writers of the evaluator's per-video outputs, 'video-scores' and 'frame-scores' (columns
 * as declared in core's ARTIFACTS). What the columns cannot carry lives in the string metadata:
 * the video score (also defined for videos without candidates), which branches the model has,
 * the frame count and the sub-segments behind the per-frame scores.
 */
export function writeVideoScores(path: string, vs: VideoScores, lineage: Lineage): Uint8Array {
  const n = vs.candidates.reduce((s, c) => s + c.frames.length, 0);
  const col = {
    candidate: new Int32Array(n),
    tube_id: new Int32Array(n),
    part: new Int32Array(n),
    frame: new Int32Array(n),
    x1: new Float32Array(n),
    y1: new Float32Array(n),
    x2: new Float32Array(n),
    y2: new Float32Array(n),
    score: new Float32Array(n),
    tube_score: new Float32Array(n),
    temporal_score: new Float32Array(n),
  };
  let r = 0;
  vs.candidates.forEach((c, k) => {
    for (let i = 0; i < c.frames.length; i++, r++) {
      const b = c.boxes[i]!;
      col.candidate[r] = k;
      col.tube_id[r] = c.tubeId;
      col.part[r] = c.part;
      col.frame[r] = c.frames[i]!;
      col.x1[r] = b[0];
      col.y1[r] = b[1];
      col.x2[r] = b[2];
      col.y2[r] = b[3];
      col.score[r] = c.score;
      col.tube_score[r] = c.tubeScore;
      col.temporal_score[r] = c.temporalScore;
    }
  });
  const meta = {
    videoScore: String(vs.videoScore),
    branches: [vs.branches.tube ? 'tube' : '', vs.branches.temporal ? 'temporal' : ''].filter(Boolean).join(','),
    frameCount: String(vs.frameCount),
    candidates: String(vs.candidates.length),
  };
  return writeArtifact(path, 'video-scores', { rows: n, columns: col, meta }, lineage);
}

export function writeFrameScores(path: string, vs: VideoScores, lineage: Lineage): Uint8Array {
  const n = vs.frameScores.length;
  return writeArtifact(
    path,
    'frame-scores',
    {
      rows: n,
      columns: { frame: Int32Array.from({ length: n }, (_, i) => i), score: vs.frameScores },
      meta: {
        segments: JSON.stringify(vs.segments.map((s) => [s.start, s.end, +s.score.toFixed(6)])),
        ranges: JSON.stringify(vs.ranges.map((r) => ({ ...r, peak: +r.peak.toFixed(6) }))),
      },
    },
    lineage,
  );
}

function metaNumber(meta: Record<string, string> | undefined, key: string, file: string): number {
  const v = Number(meta?.[key]);
  if (meta?.[key] === undefined || !Number.isFinite(v))
    throw new ArtifactError(`video-scores artifact lacks numeric metadata '${key}'`, {
      file,
      hint: 'rerun the infer stage',
    });
  return v;
}

/** Read a 'video-scores' artifact back into candidates (best first). frameScores/segments are left empty. */
export function readVideoScores(path: string): Omit<VideoScores, 'frameScores' | 'segments' | 'ranges'> {
  const a = readArtifact(path, 'video-scores');
  const c = a.columns as Record<string, Int32Array & Float32Array>;
  const byRank: ScoredCandidate[] = [];
  for (let r = 0; r < a.rows; r++) {
    const k = c.candidate[r]!;
    let cand = byRank[k];
    if (!cand)
      cand = byRank[k] = {
        tubeId: c.tube_id[r]!,
        part: c.part[r]!,
        frames: [],
        boxes: [],
        score: c.score[r]!,
        tubeScore: c.tube_score[r]!,
        temporalScore: c.temporal_score[r]!,
      };
    cand.frames.push(c.frame[r]!);
    cand.boxes.push([c.x1[r]!, c.y1[r]!, c.x2[r]!, c.y2[r]!] as Box);
  }
  const branches = (a.meta?.branches ?? '').split(',');
  return {
    candidates: byRank.filter(Boolean),
    videoScore: metaNumber(a.meta, 'videoScore', path),
    branches: { tube: branches.includes('tube'), temporal: branches.includes('temporal') },
    frameCount: metaNumber(a.meta, 'frameCount', path),
  };
}

/**
 * Read a 'frame-scores' artifact: the score of every frame, the sub-segments behind them (empty
 * when the scores come from the candidates) and the anomalous time ranges (empty in artifacts
 * written before ranges existed).
 */
export function readFrameScores(path: string): {
  scores: Float32Array;
  segments: Array<{ start: number; end: number; score: number }>;
  ranges: AnomalousRange[];
} {
  const a = readArtifact(path, 'frame-scores');
  const frame = a.columns.frame as Int32Array;
  const score = a.columns.score as Float32Array;
  const scores = new Float32Array(frame.length ? Math.max(...frame) + 1 : 0);
  for (let i = 0; i < frame.length; i++) scores[frame[i]!] = score[i]!;
  let segs: Array<[number, number, number]> = [];
  try {
    segs = JSON.parse(a.meta?.segments ?? '[]');
  } catch (e) {
    throw new ArtifactError('frame-scores metadata "segments" is not valid JSON', { file: path, cause: e });
  }
  let ranges: AnomalousRange[] = [];
  try {
    ranges = JSON.parse(a.meta?.ranges ?? '[]');
  } catch (e) {
    throw new ArtifactError('frame-scores metadata "ranges" is not valid JSON', {
      file: path,
      cause: e,
      hint: 'rerun the infer stage',
    });
  }
  return { scores, segments: segs.map(([start, end, s]) => ({ start, end, score: s })), ranges };
}
