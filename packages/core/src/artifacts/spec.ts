/**
 * Declarative artifact schemas. Each artifact kind lists its columns once; the generic encoder,
 * decoder, validator, `inspect` and Parquet export all read from this table, so a kind is added
 * in one place.
 */
export type ColumnType = 'int32' | 'float32' | 'float64' | 'utf8' | 'bool' | 'vector-f32';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  doc: string;
}

export interface ArtifactSpec {
  kind: string;
  /** Bumped when the columns change incompatibly; readers reject other versions. */
  version: number;
  doc: string;
  columns: readonly ColumnSpec[];
}

const spec = (s: ArtifactSpec): ArtifactSpec =>
  Object.freeze({ ...s, columns: Object.freeze(s.columns.map((c) => Object.freeze(c))) });

/** Every artifact kind the stages exchange. Frozen: unknown kinds are rejected by name. */
export const ARTIFACTS: Readonly<Record<string, ArtifactSpec>> = Object.freeze({
  detections: spec({
    kind: 'detections',
    version: 1,
    doc: 'Per-frame object boxes of one video. Video size/fps/frame count are in the schema metadata.',
    columns: [
      { name: 'frame', type: 'int32', doc: '0-based frame index' },
      { name: 'x1', type: 'float32', doc: 'box left, pixels' },
      { name: 'y1', type: 'float32', doc: 'box top, pixels' },
      { name: 'x2', type: 'float32', doc: 'box right, pixels' },
      { name: 'y2', type: 'float32', doc: 'box bottom, pixels' },
      { name: 'score', type: 'float32', doc: 'confidence in [0, 1]' },
      { name: 'category', type: 'utf8', doc: 'object category' },
    ],
  }),
  tubes: spec({
    kind: 'tubes',
    version: 1,
    doc: 'Candidate tubes of one video, one row per (tube, frame).',
    columns: [
      { name: 'tube_id', type: 'int32', doc: 'tube id, unique within the video' },
      { name: 'kind', type: 'utf8', doc: "'unary' or 'multivariate'" },
      { name: 'category', type: 'utf8', doc: "object category ('mixed' for multivariate clusters of several)" },
      { name: 'frame', type: 'int32', doc: '0-based frame index' },
      { name: 'x1', type: 'float32', doc: 'box left, pixels' },
      { name: 'y1', type: 'float32', doc: 'box top, pixels' },
      { name: 'x2', type: 'float32', doc: 'box right, pixels' },
      { name: 'y2', type: 'float32', doc: 'box bottom, pixels' },
      { name: 'score', type: 'float32', doc: 'detection score of this frame' },
      { name: 'tube_score', type: 'float32', doc: "the tube's score (mean of its frame scores), repeated per row" },
    ],
  }),
  videolets: spec({
    kind: 'videolets',
    version: 1,
    doc: 'Temporal segments (whole frames) of one video.',
    columns: [
      { name: 'index', type: 'int32', doc: 'segment index' },
      { name: 'start_frame', type: 'int32', doc: 'first frame' },
      { name: 'end_frame', type: 'int32', doc: 'one past the last frame' },
    ],
  }),
  'clip-features': spec({
    kind: 'clip-features',
    version: 1,
    doc:
      'Clip features of one video: whole-frame clips (source -1) and region clips per tube (source = tube ' +
      'id). Backbone name and dimension are in the metadata.',
    columns: [
      { name: 'source', type: 'int32', doc: '-1 for whole frames, else the tube id' },
      { name: 'clip_start', type: 'int32', doc: 'first frame of the clip' },
      { name: 'clip_end', type: 'int32', doc: 'one past the last frame of the clip' },
      { name: 'feature', type: 'vector-f32', doc: 'FixedSizeList<Float32>[D] clip descriptor' },
    ],
  }),
  'video-scores': spec({
    kind: 'video-scores',
    version: 1,
    doc:
      'Inference output of one video: every scored (sub-)tube, one row per (candidate, frame); the ' +
      'top-1 has rank 0.',
    columns: [
      { name: 'candidate', type: 'int32', doc: 'candidate index, ordered by score (0 = top-1)' },
      { name: 'tube_id', type: 'int32', doc: 'parent tube id' },
      { name: 'part', type: 'int32', doc: 'sub-tube index (0..M-1)' },
      { name: 'frame', type: 'int32', doc: '0-based frame index' },
      { name: 'x1', type: 'float32', doc: 'box left, pixels' },
      { name: 'y1', type: 'float32', doc: 'box top, pixels' },
      { name: 'x2', type: 'float32', doc: 'box right, pixels' },
      { name: 'y2', type: 'float32', doc: 'box bottom, pixels' },
      { name: 'score', type: 'float32', doc: 'eq. 9 score of the candidate, repeated per row' },
      { name: 'tube_score', type: 'float32', doc: 'tube-branch score p_t' },
      { name: 'temporal_score', type: 'float32', doc: 'temporal-branch score p_v' },
    ],
  }),
  'frame-scores': spec({
    kind: 'frame-scores',
    version: 1,
    doc: 'Per-frame anomaly score of one video (temporal metric, Appendix F).',
    columns: [
      { name: 'frame', type: 'int32', doc: '0-based frame index' },
      { name: 'score', type: 'float32', doc: "average of both branches over the frame's sub-segment" },
    ],
  }),
});

export function artifactSpec(kind: string): ArtifactSpec {
  const s = ARTIFACTS[kind];
  if (!s) throw new Error(`unknown artifact kind '${kind}'; valid: ${Object.keys(ARTIFACTS).join(', ')}`);
  return s;
}
