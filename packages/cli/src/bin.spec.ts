import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The built bin (packages/cli/scripts/fast-bin.js): built once from the sources, started without transpiling. */
const fast = require(join(__dirname, '..', 'scripts', 'fast-bin.js')) as {
  ensureBuilt(o?: { quiet?: boolean }): Promise<string>;
  fingerprint(): string;
};
const HEAVY = /@tensorflow|opencv|onnxruntime|vega|sharp|parquet-wasm|@wsstad[\\/]/;

describe('the built wsstad bin', () => {
  it('builds a bundle that prints the help without loading tfjs, OpenCV, onnxruntime, vega or sharp', async () => {
    const bundle = await fast.ensureBuilt({ quiet: true });
    // Record every module loaded by the time the process exits (yargs exits after --help).
    const probe =
      `process.on('exit', () => process.stderr.write('LOADED ' + ` +
      `JSON.stringify(Object.keys(require.cache)) + '\\n'));` +
      `process.argv = [process.argv[0], ${JSON.stringify(bundle)}, '--help']; require(${JSON.stringify(bundle)});`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Commands:/);
    expect(r.stdout).toMatch(/wsstad models <pipeline>/);
    const loaded = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]!) as string[];
    expect(loaded.filter((m) => HEAVY.test(m) && !m.endsWith('wsstad.cjs'))).toEqual([]);
  }, 60_000);

  it('a heavy command relaunches under the allocator settings with the same output and exit code', async () => {
    const bundle = await fast.ensureBuilt({ quiet: true });
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    // `eval` without its required options: a usage error, printed by the relaunched process.
    const tuned = spawnSync(process.execPath, [bundle, 'eval'], { encoding: 'utf8', env });
    const plain = spawnSync(process.execPath, [bundle, 'eval'], {
      encoding: 'utf8',
      env: { ...env, WSSTAD_ALLOCATOR: 'system' },
    });
    expect(plain.status).not.toBe(0);
    expect(tuned.status).toBe(plain.status);
    expect(tuned.stderr).toBe(plain.stderr);
    const bad = spawnSync(process.execPath, [bundle, 'eval'], {
      encoding: 'utf8',
      env: { ...env, WSSTAD_ALLOCATOR: 'jemalloc' },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/WSSTAD_ALLOCATOR must be 'tuned' or 'system', got 'jemalloc'/);
  }, 60_000);

  it('the fingerprint is a content hash of the sources (stable across calls)', () => {
    expect(fast.fingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(fast.fingerprint()).toBe(fast.fingerprint());
  });
});
