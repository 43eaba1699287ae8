import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from './runner';
import { gcStore } from './gc';
import { acquireLock } from './store/lock';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

const files = (d: string) =>
  existsSync(d) ? readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;

describe('gcStore', () => {
  it('drops only entries no manifest references; the pipeline stays up to date', async () => {
    const ws = toyWorkspace(3);
    const o = { registry: stages, codeVersion: ws.codeVersion };
    await runPipeline(ws.pipelineFile, o);
    ws.writePipeline({ src: { scale: 3 } });
    await runPipeline(ws.pipelineFile, o); // old src/mid/agg entries are now unreferenced
    const before = files(join(ws.storeDir, 'objects'));
    const r = await gcStore(ws.storeDir);
    expect(r.removedKeys).toBe(3 + 3 + 1);
    expect(files(join(ws.storeDir, 'objects'))).toBe(before - r.removedObjects);
    const again = await runPipeline(ws.pipelineFile, o);
    expect(again.stages.map((s) => s.computed.length)).toEqual([0, 0, 0]);
  });

  it('waits for or refuses a store held by a run', async () => {
    const ws = toyWorkspace(1);
    const held = await acquireLock(ws.storeDir, 'gc', 'test');
    await expect(gcStore(ws.storeDir)).rejects.toThrow(/gc\.lock is held by pid/);
    held.release();
  });
});
