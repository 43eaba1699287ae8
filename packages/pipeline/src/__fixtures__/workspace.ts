import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@wsstad/core';
import type { CodeVersionFn } from '../types';

/** A temp directory with a dataset manifest of `n` toy videos and a 3-stage pipeline file. */
export interface ToyWorkspace {
  dir: string;
  pipelineFile: string;
  storeDir: string;
  manifest: string;
  writeVideos(n: number): void;
  writePipeline(params?: { src?: object; mid?: object; agg?: object }, extra?: string): void;
  /** Injectable code versions: bump versions[package] to simulate a source change. */
  versions: Record<string, string>;
  codeVersion: CodeVersionFn;
}

export function toyWorkspace(n = 4): ToyWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-pipe-'));
  mkdirSync(join(dir, 'data'));
  const manifest = join(dir, 'data', 'manifest.json');
  const versions: Record<string, string> = {};
  const ws: ToyWorkspace = {
    dir,
    pipelineFile: join(dir, 'pipeline.yaml'),
    storeDir: join(dir, 'store'),
    manifest,
    versions,
    writeVideos(k) {
      const videos = Array.from({ length: k }, (_, i) => ({
        id: `v${String(i + 1).padStart(3, '0')}`,
        uri: `synth:toy/0/${i}`,
        split: i % 2 ? 'test' : 'train',
        label: i % 3 ? 'normal' : 'abnormal',
        category: 'x',
      }));
      writeFileSync(manifest, JSON.stringify({ videos }));
    },
    writePipeline(params = {}, extra = '') {
      writeFileSync(
        ws.pipelineFile,
        [
          'name: toy',
          'dataset: { manifest: data/manifest.json }',
          'store: store',
          'seed: 7',
          'stages:',
          `  - { name: src, uses: toy-src, params: ${JSON.stringify(params.src ?? {})} }`,
          `  - { name: mid, uses: toy-mid, params: ${JSON.stringify(params.mid ?? {})}, inputs: { a: src.a } }`,
          `  - { name: agg, uses: toy-agg, params: ${JSON.stringify(params.agg ?? {})} }`,
          extra,
        ].join('\n'),
      );
    },
    codeVersion: toyCodeVersion(versions),
  };
  ws.writeVideos(n);
  ws.writePipeline();
  return ws;
}

/** Code versions for toy packages (not workspace packages): bump versions[package] to simulate an edit. */
export function toyCodeVersion(versions: Record<string, string>): CodeVersionFn {
  return (def) => {
    const v = versions[def.package] ?? '0';
    return {
      hash: sha256(`${def.package}@${v}/${def.version}`),
      files: { [`${def.package}/src/index.ts`]: sha256(v), [`version:${def.name}`]: sha256(def.version) },
    };
  };
}
