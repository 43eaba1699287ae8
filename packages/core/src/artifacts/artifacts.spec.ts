import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS } from './spec';
import { readArtifact, writeArtifact, artifactToBytes, type ArtifactData, type Lineage } from './table';
import { exportParquet, importParquet } from './parquet';
import {
  writeDetections,
  readDetections,
  writeTubes,
  readTubes,
  writeVideolets,
  readVideolets,
  writeClipFeatures,
  readClipFeatures,
} from './kinds';
import { ArtifactError } from '../errors';
import { Rng } from '../rng';
import type { Tube } from '../types';

const LINEAGE: Lineage = {
  stage: 'test',
  codeVersion: 'c0',
  paramsHash: 'p0',
  inputs: { detections: 'abc' },
  videoId: 'v1',
};
const VIDEO = { width: 320, height: 240, fps: 25, frameCount: 100 };
const FEATURE_DIM = 4096;

/** Deterministic data for every column of a kind. */
function sample(kind: string, rows: number, rng: Rng): ArtifactData {
  const spec = ARTIFACTS[kind]!;
  const columns: ArtifactData['columns'] = {};
  const dims: Record<string, number> = {};
  for (const c of spec.columns) {
    if (c.type === 'int32') columns[c.name] = Int32Array.from({ length: rows }, () => rng.int(-1, 1000));
    else if (c.type === 'float32') columns[c.name] = Float32Array.from({ length: rows }, () => rng.uniform(0, 320));
    else if (c.type === 'float64') columns[c.name] = Float64Array.from({ length: rows }, () => rng.normal());
    else if (c.type === 'utf8')
      columns[c.name] = Array.from({ length: rows }, () => rng.pick(['person', 'vehicle', 'unary']));
    else if (c.type === 'bool') columns[c.name] = Array.from({ length: rows }, () => rng.bool());
    else {
      dims[c.name] = FEATURE_DIM;
      columns[c.name] = Float32Array.from({ length: rows * FEATURE_DIM }, () => rng.normal());
    }
  }
  return { columns, rows, dims, meta: { width: '320', height: '240', fps: '25', frameCount: '100' } };
}

describe('artifacts', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wsstad-art-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(ARTIFACTS))('%s round-trips through Arrow IPC and Parquet with lineage', (kind) => {
    const data = sample(kind, 7, new Rng(kind));
    const path = join(dir, `${kind}.arrow`);
    writeArtifact(path, kind, data, LINEAGE);
    const back = readArtifact(path, kind);
    expect(back.lineage).toEqual(LINEAGE);
    expect(back.rows).toBe(7);
    for (const c of ARTIFACTS[kind]!.columns)
      expect(Array.from(back.columns[c.name] as ArrayLike<unknown>)).toEqual(
        Array.from(data.columns[c.name] as ArrayLike<unknown>),
      );
    const pq = join(dir, `${kind}.parquet`);
    exportParquet(path, pq);
    const viaPq = importParquet(pq, kind);
    expect(viaPq.lineage).toEqual(LINEAGE);
    for (const c of ARTIFACTS[kind]!.columns)
      expect(Array.from(viaPq.columns[c.name] as ArrayLike<unknown>)).toEqual(
        Array.from(data.columns[c.name] as ArrayLike<unknown>),
      );
  });

  it('reads a 4096-float column zero-copy as one Float32Array', () => {
    const rows = 50;
    const features = Float32Array.from({ length: rows * FEATURE_DIM }, (_, i) => Math.sin(i));
    const path = join(dir, 'f.arrow');
    writeClipFeatures(
      path,
      VIDEO,
      {
        backbone: 'test',
        dim: FEATURE_DIM,
        source: new Int32Array(rows).fill(-1),
        clipStart: Int32Array.from({ length: rows }, (_, i) => i * 16),
        clipEnd: Int32Array.from({ length: rows }, (_, i) => i * 16 + 16),
        features,
      },
      LINEAGE,
    );
    const back = readClipFeatures(path);
    expect(back.dim).toBe(FEATURE_DIM);
    expect(back.features).toEqual(features);
    expect(back.video).toEqual(VIDEO);
  });

  it('writes identical bytes for identical data (needed for early cutoff)', () => {
    const a = artifactToBytes('videolets', sample('videolets', 5, new Rng(1)), LINEAGE);
    const b = artifactToBytes('videolets', sample('videolets', 5, new Rng(1)), LINEAGE);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('typed writers round-trip detections, tubes and videolets, including empty ones', () => {
    const p = join(dir, 'd.arrow');
    writeDetections(
      p,
      { video: VIDEO, frame: new Int32Array(0), boxes: new Float32Array(0), score: new Float32Array(0), category: [] },
      LINEAGE,
    );
    expect(readDetections(p).frame.length).toBe(0);
    const tubes: Tube[] = [
      {
        id: 3,
        kind: 'multivariate',
        category: 'mixed',
        frames: [4, 5],
        boxes: [
          [1, 2, 3, 4],
          [2, 3, 4, 5],
        ],
        scores: [0.5, 0.25],
        score: 0.375,
      },
    ];
    writeTubes(p, VIDEO, tubes, LINEAGE);
    expect(readTubes(p).tubes).toEqual(tubes);
    writeVideolets(p, VIDEO, [{ index: 0, startFrame: 0, endFrame: 16 }], LINEAGE);
    expect(readVideolets(p).videolets).toEqual([{ index: 0, startFrame: 0, endFrame: 16 }]);
  });

  it('refuses NaN/Inf with an error naming the file and column', () => {
    const data = sample('frame-scores', 3, new Rng(2));
    (data.columns.score as Float32Array)[1] = NaN;
    expect(() => writeArtifact(join(dir, 'nan.arrow'), 'frame-scores', data, LINEAGE)).toThrow(
      /nan\.arrow[\s\S]*non-finite[\s\S]*'score'/,
    );
  });

  it('gives a typed error naming the file for truncated, corrupt, foreign and missing files', () => {
    const path = join(dir, 'ok.arrow');
    writeArtifact(path, 'videolets', sample('videolets', 40, new Rng(3)), LINEAGE);
    const bytes = readFileSync(path);
    const trunc = join(dir, 'trunc.arrow');
    writeFileSync(trunc, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(() => readArtifact(trunc)).toThrow(ArtifactError);
    expect(() => readArtifact(trunc)).toThrow(/trunc\.arrow/);
    const corrupt = join(dir, 'corrupt.arrow');
    const c = Buffer.from(bytes);
    c.fill(0xff, 16, c.length - 16);
    writeFileSync(corrupt, c);
    expect(() => readArtifact(corrupt)).toThrow(ArtifactError);
    const text = join(dir, 'text.arrow');
    writeFileSync(text, 'hello, not arrow');
    expect(() => readArtifact(text)).toThrow(/text\.arrow.*not a complete Arrow IPC file/);
    expect(() => readArtifact(join(dir, 'missing.arrow'))).toThrow(/missing\.arrow: artifact file not found/);
    expect(() => readArtifact(path, 'tubes')).toThrow(/expected a 'tubes' artifact, found 'videolets'/);
    const badPq = join(dir, 'bad.parquet');
    writeFileSync(badPq, bytes.subarray(0, 100));
    expect(() => importParquet(badPq, 'videolets')).toThrow(/bad\.parquet/);
  });
});
