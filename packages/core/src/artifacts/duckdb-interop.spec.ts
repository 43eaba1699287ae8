import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { importParquet, exportParquet } from './parquet';
import { writeClipFeatures } from './kinds';

const DIM = 4096;
const ROWS = 20;

describe('Parquet interop with DuckDB', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wsstad-duck-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a clip-features file written by DuckDB (list column -> FixedSizeList<Float32>)', async () => {
    const file = join(dir, 'duck.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`COPY (SELECT (i - 1)::INTEGER AS source, (i * 16)::INTEGER AS clip_start,
        (i * 16 + 16)::INTEGER AS clip_end,
        list_transform(range(${DIM}), x -> (x * 0.5 + i)::FLOAT) AS feature FROM range(${ROWS}) t(i))
      TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
    con.closeSync();
    const a = importParquet(file, 'clip-features');
    expect(a.rows).toBe(ROWS);
    expect(a.dims?.feature).toBe(DIM);
    const f = a.columns.feature as Float32Array;
    expect(f[3 * DIM + 10]).toBeCloseTo(10 * 0.5 + 3, 5);
    expect(Array.from(a.columns.source as Int32Array).slice(0, 3)).toEqual([-1, 0, 1]);
  });

  it('DuckDB reads our Parquet export, lineage included', async () => {
    const arrow = join(dir, 'ours.arrow');
    const pq = join(dir, 'ours.parquet');
    const features = Float32Array.from({ length: ROWS * DIM }, (_, i) => i % 97);
    writeClipFeatures(
      arrow,
      { width: 1, height: 1, fps: 1, frameCount: 1 },
      {
        backbone: 'b',
        dim: DIM,
        source: new Int32Array(ROWS),
        clipStart: new Int32Array(ROWS),
        clipEnd: new Int32Array(ROWS).fill(16),
        features,
      },
      { stage: 's', codeVersion: 'c', paramsHash: 'p', inputs: {} },
    );
    exportParquet(arrow, pq);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const r = await con.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, len(first(feature))::INTEGER AS d, sum(feature[98])::DOUBLE AS s FROM '${pq}'`,
    );
    const [n, d, s] = r.getRows()[0]!;
    expect([n, d]).toEqual([ROWS, DIM]);
    // DuckDB lists are 1-based: feature[98] is element 97 of each row.
    const expected = Array.from({ length: ROWS }, (_, r) => features[r * DIM + 97]!).reduce((x, y) => x + y, 0);
    expect(s).toBeCloseTo(expected, 5);
    const meta = await con.runAndReadAll(
      `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${pq}')`,
    );
    const kv = Object.fromEntries(meta.getRows().map((r) => [String(r[0]), String(r[1])]));
    expect(kv['wsstad.kind']).toBe('clip-features');
    expect(JSON.parse(kv['wsstad.lineage']!).stage).toBe('s');
    con.closeSync();
  });
});
