import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@wsstad/core';
import { synthDataset } from './datasets';
import { gcStore, type DatasetSpec } from '@wsstad/pipeline';

const SPEC = {
  kind: 'synth',
  preset: 'tiny',
  seed: 5,
  overrides: { trainVideos: 2, testVideos: 2 },
} as unknown as DatasetSpec;
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const OTHER_HOST = HOST === 'ffffffff' ? 'eeeeeeee' : 'ffffffff';

/** The pid of a process that has exited (as a `kill -9`ed generation's would be). */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  expect(() => process.kill(pid, 0)).toThrow();
  return pid;
}

/** A half-written folder like the ones a killed generation leaves. */
function leftover(datasets: string, name: string): string {
  const d = join(datasets, name);
  mkdirSync(join(d, 'scenes'), { recursive: true });
  writeFileSync(join(d, 'scenes', 'train-000.scene.json'), '{"format": "wsst');
  return d;
}

let storeDir: string;
beforeEach(() => {
  storeDir = mkdtempSync(join(tmpdir(), 'wsstad-ds-leftovers-'));
});
afterEach(() => rmSync(storeDir, { recursive: true, force: true }));

describe('leftovers of a killed synthetic dataset generation', () => {
  it("the next regeneration removes dead owners' .tmp-/.old- folders and keeps live or foreign ones", async () => {
    const datasets = join(storeDir, 'datasets');
    const dead = deadPid();
    const gone = [
      leftover(datasets, `tiny-5-0123456789ab.tmp-${HOST}-${dead}-deadbeef`),
      leftover(datasets, `tiny-5-0123456789ab.old-${HOST}-${dead}-cafebabe`),
      leftover(datasets, `tiny-5-0123456789ab.tmp-${dead}-0badf00d`), // name written before the host tag
    ];
    const kept = [
      leftover(datasets, `tiny-5-0123456789ab.tmp-${HOST}-${process.pid}-00c0ffee`), // generating right now
      leftover(datasets, `tiny-5-0123456789ab.tmp-${OTHER_HOST}-${dead}-00c0ffee`), // another machine: cannot tell
    ];
    const manifest = await synthDataset(SPEC, { pipelineDir: storeDir, storeDir, log: silentLogger });
    for (const d of gone) expect(existsSync(d)).toBe(false);
    for (const d of kept) expect(existsSync(d)).toBe(true);
    expect(existsSync(manifest)).toBe(true);
    expect(readdirSync(datasets).filter((n) => !n.includes('.tmp-'))).toHaveLength(1);
  });

  it("gc removes them too (counted as temp), keeping the dataset and a live generation's folder", async () => {
    const manifest = await synthDataset(SPEC, { pipelineDir: storeDir, storeDir, log: silentLogger });
    const datasets = join(storeDir, 'datasets');
    const dead = deadPid();
    const gone = leftover(datasets, `tiny-5-0123456789ab.tmp-${HOST}-${dead}-deadbeef`);
    const live = leftover(datasets, `tiny-5-0123456789ab.tmp-${HOST}-${process.pid}-00c0ffee`);
    const dry = await gcStore(storeDir, { dryRun: true });
    expect(dry.removedTemp).toBe(1);
    expect(existsSync(gone)).toBe(true);
    const r = await gcStore(storeDir);
    expect(r.removedTemp).toBe(1);
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(manifest)).toBe(true);
  });
});
