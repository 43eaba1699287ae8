import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandModule } from '../testing';
import { inferCommand } from './infer';

describe('wsstad infer', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-infer-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Until the lead registers the detector / tube-linker / features stages in STAGES, infer must say what is missing.
  it('names the missing upstream stage clearly', async () => {
    await expect(runCommandModule(inferCommand as never, ['infer', join(dir, 'x.mp4'), '--model', dir])).rejects.toThrow(/no registered stage produces 'detections'|video file not found|not a/);
  });
});
