import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, InputError, lookup, readManifest, type Logger } from '@wsstad/core';
import type { Dataset, DatasetProvider, Pipeline } from './types';

/**
 * Reads a dataset manifest through core's one reader (`readManifest`): the runner needs only the
 * entries; the video package adds the importers and the writer.
 */
export function readDatasetManifest(file: string): Dataset {
  const m = readManifest(file);
  return { manifest: m.path, dir: m.dir, videos: m.videos };
}

/**
 * Absolute path of a `dataset: { manifest }` pipeline's manifest file (relative to the pipeline file); undefined for
 * generated kinds.
 */
export function datasetManifestPath(p: Pipeline): string | undefined {
  return p.dataset.kind === 'manifest' ? resolve(p.dir, p.dataset.manifest) : undefined;
}

/** Resolve the pipeline's dataset to a manifest (calling the provider for generated kinds) and read it. */
export async function resolveDataset(
  p: Pipeline,
  providers: Readonly<Record<string, DatasetProvider>>,
  log: Logger,
): Promise<Dataset> {
  let file: string;
  if (p.dataset.kind === 'manifest') {
    file = datasetManifestPath(p)!;
    // A real-data pipeline's manifest is written by an import command: point at the file that says which.
    if (!existsSync(file))
      throw new InputError('cannot read dataset manifest: the file does not exist', {
        file,
        hint:
          `create it first: the comments at the top of ${p.file} (and the README next to it) say how, ` +
          `e.g. with 'wsstad import'`,
      });
  } else {
    const provider = lookupProvider(providers, p.dataset.kind, p.file);
    file = resolve(p.dir, await provider(p.dataset, { pipelineDir: p.dir, storeDir: p.storeDir, log }));
  }
  return readDatasetManifest(file);
}

function lookupProvider(
  providers: Readonly<Record<string, DatasetProvider>>,
  kind: string,
  file: string,
): DatasetProvider {
  if (Object.keys(providers).length === 0) {
    throw new ConfigError(`dataset kind '${kind}' needs a dataset provider, and none is registered`, {
      file,
      hint: `pass datasets: { ${kind}: (spec) => manifestPath } to runPipeline, or use dataset: { manifest: <path> }`,
    });
  }
  return lookup(providers, kind, 'dataset kind');
}
