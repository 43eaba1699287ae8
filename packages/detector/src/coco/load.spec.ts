import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactError } from '@wsstad/core';
import { diskModelHandler } from './load';

/** Stands for the start of a file that is not a model at all (modelDir pointing at the wrong folder). */
const SECRET = 'root:x:0:0:root:/root:/bin/bash';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'detector-model-json-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tfjs model.json reader', () => {
  const CASES = [
    ['garbage', `${SECRET}\n`],
    ['truncated', `{"modelTopology": {"node": ["${SECRET}`],
  ];
  it.each(CASES)('%s model.json: ArtifactError naming the file, content not quoted', async (name, text) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, text);
    const err = await diskModelHandler(file).load!().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactError);
    const msg = (err as Error).message;
    expect(msg).toContain(file);
    expect(msg).toMatch(/not valid JSON/);
    expect(msg).not.toContain('root');
    expect(msg).toMatch(/modelDir/);
  });
});

describe('tfjs model.json that is JSON but not a model', () => {
  it.each(['null', '[]', '{"format": "graph-model"}'])(
    '%s: ArtifactError "not a tfjs graph model" (no TypeError)',
    async (text) => {
      const file = join(dir, 'not-a-model.json');
      writeFileSync(file, text);
      await expect(diskModelHandler(file).load!()).rejects.toThrow(/not a tfjs graph model/);
    },
  );
});
