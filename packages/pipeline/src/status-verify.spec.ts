import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from './runner';
import { formatStatus, pipelineStatus } from './status';
import { openStore } from './store/store';
import { stages } from './__fixtures__/toy-stages';
import { toyWorkspace } from './__fixtures__/workspace';

describe('status --verify', () => {
  it('re-hashes stored outputs: a corrupt object makes its stage stale, named, and run repairs it', async () => {
    const ws = toyWorkspace(3);
    const o = { registry: stages, codeVersion: ws.codeVersion };
    await runPipeline(ws.pipelineFile, o);
    const m = JSON.parse(readFileSync(join(ws.storeDir, 'manifests', 'toy', 'mid.json'), 'utf8'));
    const obj = openStore(ws.storeDir).objectPath(m.videos.v002.outputs.b);
    // bit rot (toy mid with offset 0 writes src's bytes: one object, two stages)
    writeFileSync(obj, readFileSync(obj, 'utf8').replace(/\d/, '9'));
    expect((await pipelineStatus(ws.pipelineFile, o)).upToDate).toBe(true); // without --verify: trusted
    const r = await pipelineStatus(ws.pipelineFile, { ...o, verify: true });
    expect(r.upToDate).toBe(false);
    expect(r.stages.map((s) => s.upToDate)).toEqual([false, false, true]);
    expect(r.stages[1]!.videos.corrupt).toEqual(['v002']);
    expect(r.verified).toEqual({ objects: 3 + 3 + 1, corrupt: 2 });
    const text = formatStatus(r).join('\n');
    expect(text).toMatch(
      /mid: stale \(1 to compute\)\n {2}- corrupt objects in store \(recomputed by run\): videos v002/,
    );
    expect(text).toMatch(/verified 7 stored outputs: 2 corrupt/);
    const run = await runPipeline(ws.pipelineFile, o);
    expect(run.stages[0]!.computed).toEqual(['v002']); // rewrites the shared object; mid then verifies and is reused
    const after = await pipelineStatus(ws.pipelineFile, { ...o, verify: true });
    expect(after.upToDate).toBe(true);
    expect(formatStatus(after).join('\n')).toMatch(/all intact/);
  });
});
