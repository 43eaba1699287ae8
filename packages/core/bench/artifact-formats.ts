/**
 * Write/read throughput of a clip-features table (default 20,000 rows x 4096 float32 = 328 MB)
 * through the artifact formats: Arrow IPC file (internal artifacts) and Parquet via parquet-wasm
 * (exchange format; zstd and snappy). Run: npx tsx packages/core/bench/artifact-formats.ts [rows] [dim]
 * The last stdout line is the figures JSON read by the bench suite (tools/bench/run-all.ts).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeClipFeatures, readClipFeatures, exportParquet, importParquet } from '../src/index';

const rows = Number(process.argv[2] ?? 20000);
const dim = Number(process.argv[3] ?? 4096);
const dir = mkdtempSync(join(tmpdir(), 'wsstad-bench-'));
const rawMB = (rows * dim * 4) / 1e6;
const features = new Float32Array(rows * dim);
for (let i = 0; i < features.length; i++) features[i] = Math.fround(Math.sin(i * 0.001) * (i % 13));
const video = { width: 320, height: 240, fps: 30, frameCount: rows * 16 };
const cols = {
  backbone: 'bench',
  dim,
  source: new Int32Array(rows).fill(-1),
  clipStart: Int32Array.from({ length: rows }, (_, i) => i * 16),
  clipEnd: Int32Array.from({ length: rows }, (_, i) => i * 16 + 16),
  features,
};
const lineage = { stage: 'bench', codeVersion: '0', paramsHash: '0', inputs: {} };

function time<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

const figures: Array<{ name: string; value: number | string; unit: string; note?: string }> = [];
const note = `${rows} x ${dim} float32`;
function record(format: string, w: number, r: number, bytes: number, ok: boolean): void {
  figures.push(
    { name: `${format} write`, value: +(rawMB / w).toFixed(1), unit: 'MB/s', note },
    { name: `${format} read`, value: +(rawMB / r).toFixed(1), unit: 'MB/s', note },
    { name: `${format} file size`, value: +(bytes / 1e6).toFixed(1), unit: 'MB', note: `${rawMB.toFixed(0)} MB raw` },
  );
  if (!ok) figures.push({ name: `${format} round trip`, value: 'FixedSizeList lost or values differ', unit: '' });
}
const out: string[] = [`clip-features ${rows} x ${dim} float32 (${rawMB.toFixed(0)} MB raw), node ${process.version}`];
out.push(
  '| format | write s | write MB/s | file MB | read s | read MB/s | FixedSizeList kept |',
  '|---|---|---|---|---|---|---|',
);
const arrow = join(dir, 'f.arrow');
const [, wA] = time(() => writeClipFeatures(arrow, video, cols, lineage));
const [ra, rA] = time(() => readClipFeatures(arrow));
const okA = ra.dim === dim && ra.features[rows * dim - 1] === features[rows * dim - 1];
out.push(
  `| Arrow IPC file | ${wA.toFixed(2)} | ${(rawMB / wA).toFixed(0)} ` +
    `| ${(statSync(arrow).size / 1e6).toFixed(0)} | ${rA.toFixed(2)} ` +
    `| ${(rawMB / rA).toFixed(0)} | ${okA} |`,
);
record('Arrow IPC', wA, rA, statSync(arrow).size, okA);
for (const codec of ['zstd', 'snappy'] as const) {
  const pq = join(dir, `f.${codec}.parquet`);
  const [, wP] = time(() => exportParquet(arrow, pq, codec));
  const [rp, rP] = time(() => importParquet(pq, 'clip-features'));
  const okP =
    rp.dims?.feature === dim && (rp.columns.feature as Float32Array)[rows * dim - 1] === features[rows * dim - 1];
  out.push(
    `| Parquet ${codec} (parquet-wasm) | ${wP.toFixed(2)} | ${(rawMB / wP).toFixed(0)} ` +
      `| ${(statSync(pq).size / 1e6).toFixed(0)} | ${rP.toFixed(2)} ` +
      `| ${(rawMB / rP).toFixed(0)} | ${okP} |`,
  );
  record(`Parquet ${codec}`, wP, rP, statSync(pq).size, okP);
}
void readFileSync;
rmSync(dir, { recursive: true, force: true });
console.log(out.join('\n'));
console.log(JSON.stringify({ figures }));
