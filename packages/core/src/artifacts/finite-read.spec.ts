import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactToBytes, readArtifact, type Lineage } from './table';
import { readClipFeatures, readTubes, writeClipFeatures } from './kinds';
import { ArtifactError } from '../errors';

const LINEAGE: Lineage = { stage: 'features', codeVersion: 'c0', paramsHash: 'p0', inputs: {}, videoId: 'v007' };
const META = { width: '32', height: '24', fps: '10', frameCount: '80' };
const DIM = 8;

/** A clip-features file holding `bad` at row 2 (bytes made without writeArtifact's write-side check). */
function poisoned(dir: string, bad: number): string {
  const rows = 4;
  const feature = Float32Array.from({ length: rows * DIM }, (_, i) => i / 10);
  feature[2 * DIM + 3] = bad;
  const f = join(dir, `cf-${bad}.arrow`);
  writeFileSync(
    f,
    artifactToBytes(
      'clip-features',
      {
        rows,
        dims: { feature: DIM },
        columns: {
          source: Int32Array.from([-1, -1, 0, 0]),
          clip_start: new Int32Array(rows),
          clip_end: new Int32Array(rows).fill(16),
          feature,
        },
        meta: { ...META, backbone: 'test', dim: String(DIM) },
      },
      LINEAGE,
    ),
  );
  return f;
}

describe('reading artifacts refuses NaN/Inf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-finite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([NaN, Infinity, -Infinity])(
    'clip features holding %s: ArtifactError naming file, video, column, row and the fix',
    (bad) => {
      const f = poisoned(dir, bad);
      expect(() => readClipFeatures(f)).toThrow(ArtifactError);
      let msg = '';
      try {
        readArtifact(f);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toContain(f);
      expect(msg).toContain(
        `non-finite value ${bad} in column 'feature' (row 2) of a 'clip-features' artifact of video 'v007'`,
      );
      expect(msg).toMatch(/Fix: .*delete it and rerun the stage that wrote it \('features'\)/);
    },
  );

  it('tube boxes holding NaN are refused too; finite files still read', () => {
    const f = join(dir, 'tubes.arrow');
    writeFileSync(
      f,
      artifactToBytes(
        'tubes',
        {
          rows: 1,
          columns: {
            tube_id: Int32Array.of(0),
            kind: ['unary'],
            category: ['person'],
            frame: Int32Array.of(0),
            x1: Float32Array.of(NaN),
            y1: Float32Array.of(0),
            x2: Float32Array.of(4),
            y2: Float32Array.of(4),
            score: Float32Array.of(1),
            tube_score: Float32Array.of(1),
          },
          meta: META,
        },
        LINEAGE,
      ),
    );
    expect(() => readTubes(f)).toThrow(/non-finite value NaN in column 'x1' \(row 0\) of a 'tubes' artifact/);
    const ok = join(dir, 'ok.arrow');
    writeClipFeatures(
      ok,
      { width: 32, height: 24, fps: 10, frameCount: 80 },
      {
        backbone: 't',
        dim: 2,
        source: Int32Array.of(-1),
        clipStart: Int32Array.of(0),
        clipEnd: Int32Array.of(16),
        features: Float32Array.of(1, 2),
      },
      LINEAGE,
    );
    expect(readClipFeatures(ok).features).toEqual(Float32Array.of(1, 2));
  });
});
