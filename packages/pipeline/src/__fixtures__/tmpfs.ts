import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small tmpfs for disk-full tests: mounted when this process may mount (root in a container that
 * allows it), else undefined with the reason, so a test can skip saying why instead of passing.
 */
export interface Tmpfs {
  dir: string;
  unmount(): void;
}

export function mountTmpfs(sizeKb: number): Tmpfs | string {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${
      String((e as { stderr?: Buffer }).stderr ?? e)
        .trim()
        .split('\n')[0]
    }); disk-full test skipped`;
  }
  return {
    dir,
    unmount: () => {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Probe once (mount and unmount a tiny tmpfs): the skip reason, or undefined when tmpfs works. */
export function tmpfsUnavailable(): string | undefined {
  const t = mountTmpfs(16);
  if (typeof t === 'string') return t;
  t.unmount();
  return undefined;
}
