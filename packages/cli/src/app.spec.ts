import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeVideolets } from '@wsstad/core';
import { runCli } from './app';
import { collectIO } from './io';

describe('wsstad CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-'));
  const art = join(dir, 'v.arrow');
  writeVideolets(
    art,
    { width: 320, height: 240, fps: 25, frameCount: 64 },
    [
      { index: 0, startFrame: 0, endFrame: 32 },
      { index: 1, startFrame: 32, endFrame: 64 },
    ],
    { stage: 'link', codeVersion: 'abc123', paramsHash: 'def456', inputs: { detections: 'f00d' }, videoId: 'vid1' },
  );

  it('inspect prints kind, schema, lineage and rows', async () => {
    const io = collectIO();
    expect(await runCli(['inspect', art, '--rows', '1'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/kind: videolets/);
    expect(text).toMatch(/start_frame: Int32/);
    expect(text).toMatch(/stage=link code=abc123 params=def456 video=vid1/);
    expect(text).toMatch(/\{"index":0,"start_frame":0,"end_frame":32\}/);
    expect(text).not.toMatch(/"index":1/);
  });
  it('inspect --json is machine-readable', async () => {
    const io = collectIO();
    await runCli(['inspect', art, '--json'], io);
    const j = JSON.parse(io.stdout.join('\n'));
    expect(j.rows).toBe(2);
    expect(j.lineage.inputs.detections).toBe('f00d');
  });
  it('a corrupt artifact gives a clear error and exit code 1, no stack', async () => {
    const bad = join(dir, 'bad.arrow');
    writeFileSync(bad, 'garbage');
    const io = collectIO();
    expect(await runCli(['inspect', bad], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/^error: .*bad\.arrow: not a complete Arrow IPC file/);
    expect(io.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });
  it('unknown commands and missing arguments exit 1 with usage help', async () => {
    const io = collectIO();
    expect(await runCli(['frobnicate'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/error: Unknown argument: frobnicate/);
    const io2 = collectIO();
    expect(await runCli(['inspect'], io2)).toBe(1);
    expect(io2.stderr.join('\n')).toMatch(/Not enough non-option arguments/);
  });
});
