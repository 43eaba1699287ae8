import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError, exportParquet, writeClipFeatures } from '@wsstad/core';
import { runCommandModule } from '../testing';
import { inspectCommand } from './inspect';

const dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const arrow = join(dir, 'cf.arrow');
writeClipFeatures(
  arrow,
  { width: 32, height: 24, fps: 10, frameCount: 80 },
  {
    backbone: 't',
    dim: 2,
    source: Int32Array.of(-1, 0),
    clipStart: Int32Array.of(0, 0),
    clipEnd: Int32Array.of(16, 16),
    features: Float32Array.of(1, 2, 3, 4),
  },
  { stage: 'features', codeVersion: 'c', paramsHash: 'p', inputs: {}, videoId: 'v001' },
);

describe('wsstad inspect', () => {
  it('reads an Arrow artifact', async () => {
    const io = await runCommandModule(inspectCommand as never, ['inspect', arrow]);
    expect(io.stdout.join('\n')).toMatch(/format: Arrow IPC\nkind: clip-features/);
  });

  it('reads a valid Parquet export instead of calling it corrupt', async () => {
    const pq = join(dir, 'cf.parquet');
    exportParquet(arrow, pq);
    const io = await runCommandModule(inspectCommand as never, ['inspect', pq]);
    const out = io.stdout.join('\n');
    expect(out).toMatch(/format: Parquet export\nkind: clip-features/);
    expect(out).toMatch(/rows: 2/);
    expect(out).toMatch(/video=v001/);
  });

  it('on a directory says so and what to pass instead', async () => {
    const err = await runCommandModule(inspectCommand as never, ['inspect', dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    expect((err as Error).message).toMatch(
      /is a directory; inspect reads one artifact file\nFix: pass one of its files/,
    );
  });
});
