import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, describeJsonError, InputError, lookup, type Logger, type VideoEntry } from '@wsstad/core';
import type { Dataset, DatasetProvider, Pipeline } from './types';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads a dataset manifest: JSON, either `{ "videos": [VideoEntry...] }` or a bare list. The
 * video package owns the richer importers; the runner needs only the entries.
 */
export function readDatasetManifest(file: string): Dataset {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read dataset manifest: ${describeJsonError(e)}`, { file, hint: 'a JSON file { "videos": [{ "id", "uri", "split", "label", "category" }] }' });
  }
  const list = Array.isArray(raw) ? raw : (raw as { videos?: unknown })?.videos;
  if (!Array.isArray(list)) throw new InputError('dataset manifest has no "videos" list', { file, hint: '{ "videos": [ ... ] }' });
  const seen = new Set<string>();
  const videos = list.map((v: VideoEntry, i: number) => {
    const bad = (what: string) => { throw new InputError(`videos[${i}]: ${what}`, { file, hint: 'entries look like { "id": "v001", "uri": "v001.mp4", "split": "train", "label": "normal", "category": "normal" }' }); };
    if (!v || typeof v.id !== 'string' || !ID_RE.test(v.id)) bad(`invalid id ${JSON.stringify(v?.id)}; allowed: ${ID_RE}`);
    if (seen.has(v.id)) bad(`duplicate id '${v.id}'`);
    seen.add(v.id);
    if (typeof v.uri !== 'string') bad('missing uri');
    for (const [k, p] of [['uri', v.uri], ['groundTruth', v.groundTruth]] as const) {
      if (typeof p === 'string' && p.split(/[\\/]+/).includes('..')) bad(`${k} '${p}' contains '..' (path traversal); keep videos and ground truth inside the manifest folder, or give an absolute path`);
    }
    if (v.split !== 'train' && v.split !== 'test') bad(`split '${String(v.split)}'; allowed: train, test`);
    if (v.label !== 'normal' && v.label !== 'abnormal') bad(`label '${String(v.label)}'; allowed: normal, abnormal`);
    return v;
  });
  return { manifest: file, dir: dirname(file), videos };
}

/** Absolute path of a `dataset: { manifest }` pipeline's manifest file (relative to the pipeline file); undefined for generated kinds. */
export function datasetManifestPath(p: Pipeline): string | undefined {
  return p.dataset.kind === 'manifest' ? resolve(p.dir, p.dataset.manifest) : undefined;
}

/** Resolve the pipeline's dataset to a manifest (calling the provider for generated kinds) and read it. */
export async function resolveDataset(p: Pipeline, providers: Readonly<Record<string, DatasetProvider>>, log: Logger): Promise<Dataset> {
  let file: string;
  if (p.dataset.kind === 'manifest') {
    file = datasetManifestPath(p)!;
    // A real-data pipeline's manifest is written by an import command: point at the file that says which.
    if (!existsSync(file)) throw new InputError('cannot read dataset manifest: the file does not exist', { file, hint: `create it first: the comments at the top of ${p.file} (and the README next to it) say how, e.g. with 'wsstad import'` });
  } else {
    const provider = lookupProvider(providers, p.dataset.kind, p.file);
    file = resolve(p.dir, await provider(p.dataset, { pipelineDir: p.dir, storeDir: p.storeDir, log }));
  }
  return readDatasetManifest(file);
}

function lookupProvider(providers: Readonly<Record<string, DatasetProvider>>, kind: string, file: string): DatasetProvider {
  if (Object.keys(providers).length === 0) {
    throw new ConfigError(`dataset kind '${kind}' needs a dataset provider, and none is registered`, { file, hint: `pass datasets: { ${kind}: (spec) => manifestPath } to runPipeline, or use dataset: { manifest: <path> }` });
  }
  return lookup(providers, kind, 'dataset kind');
}
