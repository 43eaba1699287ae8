import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type DatasetStage, type VideoStage } from '@wsstad/core';
import { createStageRegistry } from '../registry';

/**
 * Toy stages for the runner's tests (tiny JSON "artifacts", no real work):
 * src (video) -> mid (video) -> agg (dataset). `delayMs` makes a stage slow enough to be killed
 * mid-run; `failOn` makes it throw for one video.
 */
export interface SrcParams {
  scale: number;
  delayMs: number;
  failOn: string;
}
export interface MidParams {
  offset: number;
  clampMax: number;
  delayMs: number;
}

const num = (raw: Record<string, unknown>, k: string, d: number) => {
  const v = raw[k] ?? d;
  if (typeof v !== 'number') throw new ConfigError(`${k} must be a number, got ${JSON.stringify(v)}`);
  return v;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const srcStage: VideoStage<SrcParams> = {
  name: 'toy-src',
  package: '@toy/src',
  version: '1',
  scope: 'video',
  inputs: [],
  outputs: ['a'],
  doc: 'writes a number per video',
  normalizeParams: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    return { scale: num(r, 'scale', 1), delayMs: num(r, 'delayMs', 0), failOn: String(r.failOn ?? '') };
  },
  async run(ctx) {
    if (ctx.params.delayMs) await sleep(ctx.params.delayMs);
    if (ctx.params.failOn === ctx.video.id) throw new Error(`toy failure on ${ctx.video.id}`);
    const n = Number(ctx.video.id.replace(/\D/g, '')) || 0;
    writeFileSync(ctx.outputPath('a'), JSON.stringify({ id: ctx.video.id, value: n * ctx.params.scale }));
  },
};

export const midStage: VideoStage<MidParams> = {
  name: 'toy-mid',
  package: '@toy/mid',
  version: '1',
  scope: 'video',
  inputs: ['a'],
  outputs: ['b'],
  doc: 'offsets and clamps the number',
  normalizeParams: (raw) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    return { offset: num(r, 'offset', 0), clampMax: num(r, 'clampMax', 1e9), delayMs: num(r, 'delayMs', 0) };
  },
  async run(ctx) {
    if (ctx.params.delayMs) await sleep(ctx.params.delayMs);
    const a = JSON.parse(readFileSync(ctx.inputs.a!, 'utf8')) as { id: string; value: number };
    writeFileSync(
      ctx.outputPath('b'),
      JSON.stringify({ id: a.id, value: Math.min(ctx.params.clampMax, a.value + ctx.params.offset) }),
    );
  },
};

export const aggStage: DatasetStage<{ label: string }> = {
  name: 'toy-agg',
  package: '@toy/agg',
  version: '1',
  scope: 'dataset',
  inputs: ['b'],
  outputs: ['summary'],
  doc: 'sums all videos',
  normalizeParams: (raw) => ({ label: String(((raw ?? {}) as Record<string, unknown>).label ?? 'sum') }),
  async run(ctx) {
    let sum = 0;
    for (const v of ctx.videos) sum += (JSON.parse(readFileSync(v.inputs.b!, 'utf8')) as { value: number }).value;
    const d = ctx.outputDir('summary');
    writeFileSync(join(d, 'sum.json'), JSON.stringify({ label: ctx.params.label, sum, n: ctx.videos.length }));
    writeFileSync(join(d, 'ids.txt'), ctx.videos.map((v) => v.video.id).join('\n'));
  },
};

/** Reads the aggregate as a per-video stage with a dataset-level input (like infer reading a model). */
export const useAggStage: VideoStage<Record<string, never>> = {
  name: 'toy-use-agg',
  package: '@toy/agg',
  version: '1',
  scope: 'video',
  inputs: ['summary', 'b'],
  outputs: ['c'],
  doc: 'b relative to the sum',
  normalizeParams: () => ({}),
  async run(ctx) {
    const files = readdirSync(ctx.inputs.summary!);
    const sum = (JSON.parse(readFileSync(join(ctx.inputs.summary!, 'sum.json'), 'utf8')) as { sum: number }).sum;
    const b = JSON.parse(readFileSync(ctx.inputs.b!, 'utf8')) as { value: number };
    writeFileSync(ctx.outputPath('c'), JSON.stringify({ files, share: sum ? b.value / sum : 0 }));
  },
};

export const stages = createStageRegistry([srcStage, midStage, aggStage, useAggStage] as never);
