import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandModule } from '../testing';
import { runCommand } from './run';
import { statusCommand } from './status';
import { gcCommand } from './gc';

// The built-in registry is filled at integration; until then these tests cover the command
// plumbing (options, errors, gc). The runner itself is tested with toy stages in packages/pipeline.
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-run-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(
    join(dir, 'data', 'm.json'),
    JSON.stringify({ videos: [{ id: 'v1', uri: 'synth:x/0/0', split: 'train', label: 'normal', category: 'normal' }] }),
  );
  writeFileSync(
    join(dir, 'pipeline.yaml'),
    'name: t\ndataset: { manifest: data/m.json }\nstore: store\nstages:\n  - { name: a, uses: no-such-stage }\n',
  );
  return dir;
}

describe('wsstad run / status / gc', () => {
  it('run names the unknown stage and the file', async () => {
    const dir = workspace();
    await expect(runCommandModule(runCommand as never, ['run', join(dir, 'pipeline.yaml')])).rejects.toThrow(
      /pipeline\.yaml: \$\.stages\[0\]\.uses: unknown stage 'no-such-stage'/,
    );
  });

  it('run rejects a malformed shard', async () => {
    const dir = workspace();
    await expect(
      runCommandModule(runCommand as never, ['run', join(dir, 'pipeline.yaml'), '--shard', '3/2']),
    ).rejects.toThrow(/invalid shard '3\/2'; allowed: i\/N/);
  });

  it('status fails the same way as run on an invalid pipeline', async () => {
    const dir = workspace();
    await expect(runCommandModule(statusCommand as never, ['status', join(dir, 'pipeline.yaml')])).rejects.toThrow(
      /unknown stage 'no-such-stage'/,
    );
  });

  it('gc reports on an empty store', async () => {
    const dir = workspace();
    const io = await runCommandModule(gcCommand as never, ['gc', '--store', join(dir, 'store'), '--dry-run']);
    expect(io.stdout.join('\n')).toMatch(/would remove 0 keys, 0 objects/);
  });
});
