import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger, lookup, type StageDefinition, type VideoStage } from '@wsstad/core';

/** Child-process entry of the process executor: argv[2] = registry module; one message = one video. */
async function main(): Promise<void> {
  const mod = await import(pathToFileURL(process.argv[2]!).href);
  const registry = (mod.stages ?? mod.STAGES ?? mod.default?.stages ?? mod.default?.STAGES) as Record<string, StageDefinition<unknown>>;
  const log = createLogger({ prefix: `worker ${process.pid}` });
  process.on('message', async (m: { uses: string; params: unknown; video: never; datasetDir: string; inputs: Record<string, string>; outDir: string; seed: number; lineage: never }) => {
    try {
      const def = lookup(registry, m.uses, 'stage') as VideoStage<unknown>;
      await def.run({ params: m.params, video: m.video, datasetDir: m.datasetDir, inputs: m.inputs, outputPath: (n: string) => join(m.outDir, n), seed: m.seed, log, lineage: m.lineage });
      process.send!({ ok: true });
    } catch (e) {
      process.send!({ ok: false, error: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
    }
  });
}

void main();
