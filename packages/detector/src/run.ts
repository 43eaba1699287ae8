import { basename, dirname, resolve } from 'node:path';
import { ensureDir, readManifest, workArtifactPath, type Logger, type VideoEntry } from '@wsstad/core';
import { resolveDetectorConfig } from './registry';
import { detectVideo, type DetectStageParams } from './stage';

export interface DetectPathOptions {
  /** Registry name or a detector config. */
  detector: string | Record<string, unknown>;
  /** Settings layered over the detector (e.g. from `--set key=value`). */
  overrides?: Record<string, unknown>;
  stride?: number;
  outDir: string;
  /** Only these manifest splits (default: all). */
  splits?: ReadonlyArray<'train' | 'test'>;
  log?: Logger;
}

export interface DetectPathResult {
  id: string;
  path: string;
  detections: number;
  frames: number;
}

const isManifest = (p: string) => p.toLowerCase().endsWith('.json') && !p.toLowerCase().endsWith('.scene.json');

/**
 * Detect one video file or every video of a manifest, writing `<outDir>/<id>/detections.arrow`
 * each: the work-folder layout (core's `workArtifactPath`) that `wsstad link` reads next. A lone
 * video gets the id of its file name (unsafe characters replaced by '_').
 */
export async function detectPath(input: string, o: DetectPathOptions): Promise<DetectPathResult[]> {
  const detector = resolveDetectorConfig(o.detector, o.overrides);
  const params: DetectStageParams = { detector, stride: o.stride ?? 1 };
  let entries: VideoEntry[];
  let datasetDir: string;
  if (isManifest(input)) {
    const m = readManifest(input);
    datasetDir = m.dir;
    entries = m.videos.filter((v) => !o.splits || o.splits.includes(v.split));
  } else {
    const abs = resolve(input);
    datasetDir = dirname(abs);
    const id = basename(abs)
      .replace(/\.(scene\.json|[A-Za-z0-9]+)$/, '')
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^[^A-Za-z0-9]/, 'v');
    entries = [{ id: id || 'video', uri: abs, split: 'test', label: 'normal', category: 'normal' }];
  }
  const out: DetectPathResult[] = [];
  for (const v of entries) {
    const path = workArtifactPath(o.outDir, v.id, 'detections');
    ensureDir(dirname(path));
    const r = await detectVideo(v, { datasetDir, outPath: path, params, log: o.log });
    o.log?.info(`${v.id}: ${r.detections.length} boxes on ${r.framesSeen} frames -> ${path}`);
    out.push({ id: v.id, path, detections: r.detections.length, frames: r.framesSeen });
  }
  return out;
}
