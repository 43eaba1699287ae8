import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A worker's stderr on exit is a line or two; OpenCV.js's source dump was 7.6 MB. */
const MAX_STDERR_BYTES = 2000;

function worker(uses: string): Promise<{ code: number | null; stderr: string }> {
  const c = fork(join(__dirname, 'worker.ts'), [join(__dirname, '__fixtures__', 'opencv-stages.ts')], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  c.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const out = mkdtempSync(join(tmpdir(), 'wsstad-worker-'));
  c.send({ uses, params: {}, video: { id: 'v1' }, datasetDir: out, inputs: {}, outDir: out, seed: 1, lineage: {} });
  return new Promise((res) => c.on('exit', (code) => res({ code, stderr })));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('process-executor worker', () => {
  it('exits quietly when its run dies mid-video (no OpenCV.js source dump)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsstad-orphan-'));
    const errFile = join(dir, 'worker.err');
    const pid = Number(
      execFileSync(
        process.execPath,
        ['--import', 'tsx', join(__dirname, '__fixtures__', 'orphan-worker.ts'), errFile, dir],
        { encoding: 'utf8' },
      ).trim(),
    );
    for (let t = 0; t < 100 && alive(pid); t++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    const stderr = readFileSync(errFile, 'utf8');
    expect(stderr.length).toBeLessThan(MAX_STDERR_BYTES);
    expect(stderr).not.toMatch(/var Module=/);
  }, 30000);

  it('an uncaught error ends the worker with one line, not the OpenCV.js source', async () => {
    const r = await worker('cv-throw-later');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^wsstad worker \d+: uncaught Error: thrown outside the stage promise$/);
  }, 30000);
});
