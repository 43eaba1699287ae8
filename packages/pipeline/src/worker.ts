import { pathToFileURL } from 'node:url';
import { createLogger, lookup, type StageDefinition, type VideoStage } from '@wsstad/core';
import { videoStageContext } from './executor';

/**
 * Uncaught errors end the worker with one line. Without this, OpenCV.js (Emscripten) registers an
 * 'uncaughtException' listener that rethrows from inside its one-line, multi-megabyte source, and
 * Node then prints that whole line (7.6 MB measured) to stderr. The capture callback takes
 * precedence over every 'uncaughtException' listener, including ones registered later.
 */
process.setUncaughtExceptionCaptureCallback((e) => {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`wsstad worker ${process.pid}: uncaught ${msg.split('\n')[0]!.slice(0, 500)}\n`);
  process.exit(1);
});

/** The parent (the run) is gone, e.g. killed: results have nowhere to go, so stop now. */
process.on('disconnect', () => process.exit(0));

function reply(m: { ok: boolean; error?: string; stack?: string }): void {
  if (!process.connected) return;
  process.send!(m, undefined, undefined, (err: Error | null) => {
    if (err) process.exit(0);
  }); // channel closed mid-send: same as disconnect
}

/** Child-process entry of the process executor: argv[2] = registry module; one message = one video. */
async function main(): Promise<void> {
  const mod = await import(pathToFileURL(process.argv[2]!).href);
  const registry = (mod.stages ?? mod.STAGES ?? mod.default?.stages ?? mod.default?.STAGES) as Record<
    string,
    StageDefinition<unknown>
  >;
  const log = createLogger({ prefix: `worker ${process.pid}` });
  process.on(
    'message',
    async (m: {
      uses: string;
      params: unknown;
      video: never;
      datasetDir: string;
      inputs: Record<string, string>;
      outDir: string;
      seed: number;
      lineage: never;
    }) => {
      try {
        const def = lookup(registry, m.uses, 'stage') as VideoStage<unknown>;
        await def.run(videoStageContext({ ...m, log }));
        reply({ ok: true });
      } catch (e) {
        reply({
          ok: false,
          error: e instanceof Error ? e.message : String(e),
          stack: e instanceof Error ? e.stack : undefined,
        });
      }
    },
  );
}

void main();
