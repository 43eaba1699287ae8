import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { ConfigError, InputError, type Box, type VideoEntry } from '@wsstad/core';
import type { GroundTruth } from '../types';
import { writeGroundTruth } from './ground-truth';
import { VIDEO_ID_PATTERN, writeManifest, type Manifest } from './manifest';

export const VIDEO_EXTENSIONS: readonly string[] = Object.freeze(['.mp4', '.avi', '.mkv', '.mov', '.webm', '.mpg', '.mpeg', '.m4v', '.wmv', '.flv', '.y4m']);

/** An imported dataset: the manifest (uris relative to the dataset root) and ground truth to write. */
export interface ImportResult {
  manifest: Manifest;
  /** Ground truth per test video id, written to `gt/<id>.gt.json` by writeImport. */
  groundTruth: Record<string, GroundTruth>;
}

/** A file-name-safe id from a file name; unique within `taken`. */
export function safeId(name: string, taken: Set<string>): string {
  let id = name.replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  if (!id) id = 'video';
  let out = id, k = 2;
  while (taken.has(out)) out = `${id}-${k++}`;
  taken.add(out);
  return out;
}

function videosUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...videosUnder(p));
    else if (VIDEO_EXTENSIONS.includes(extname(e.name).toLowerCase())) out.push(p);
  }
  return out;
}

const rel = (root: string, p: string) => relative(root, p).split(sep).join('/');

/**
 * Folder layout: `<root>/{train,test}/{normal,abnormal}/**.<video>`. A folder under `abnormal/`
 * names the category (`abnormal/Fighting/x.mp4` -> 'Fighting'). Ground truth found at
 * `<root>/test/gt/<id>.gt.json` is referenced.
 */
export function importFolderLayout(root: string, opts: { name?: string } = {}): ImportResult {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputError('dataset folder not found', { file: root, hint: 'expected <root>/train/normal, <root>/train/abnormal, <root>/test/normal, <root>/test/abnormal' });
  const taken = new Set<string>();
  const videos: VideoEntry[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const label of ['normal', 'abnormal'] as const) {
      const base = join(root, split, label);
      for (const p of videosUnder(base)) {
        const id = safeId(basename(p), taken);
        const sub = rel(base, p).split('/');
        const entry: VideoEntry = { id, uri: rel(root, p), split, label, category: label === 'normal' ? 'normal' : sub.length > 1 ? sub[0]! : 'abnormal' };
        const gt = join(root, split, 'gt', `${id}.gt.json`);
        if (split === 'test' && existsSync(gt)) entry.groundTruth = rel(root, gt);
        videos.push(entry);
      }
    }
  }
  if (videos.length === 0) throw new InputError(`no videos (${VIDEO_EXTENSIONS.join(', ')}) under {train,test}/{normal,abnormal}/`, { file: root, hint: 'e.g. <root>/test/abnormal/fight01.mp4' });
  return { manifest: { version: 1, name: opts.name ?? basename(root), videos }, groundTruth: {} };
}

/**
 * UCF-Crime: category folders of videos under `root` (any depth), the temporal annotation file
 * (`Temporal_Anomaly_Annotation.txt`: `Abuse028_x264.mp4 Abuse 165 240 -1 -1`, up to two 1-based
 * inclusive intervals, -1 = none) listing the TEST videos, and optionally `Anomaly_Train.txt`
 * listing train videos (else every other video is train). Categories 'Normal'/'Normal_Videos*'
 * are normal. Intervals become 0-based half-open ranges in the ground truth's `event.intervals`.
 */
export function importUcfCrime(root: string, annotationFile: string, opts: { name?: string } = {}): ImportResult {
  if (!existsSync(annotationFile)) throw new InputError('annotation file not found', { file: annotationFile, hint: 'pass Temporal_Anomaly_Annotation.txt' });
  const files = videosUnder(root);
  const byName = new Map(files.map((p) => [basename(p), p]));
  const taken = new Set<string>();
  const videos: VideoEntry[] = [];
  const groundTruth: Record<string, GroundTruth> = {};
  const isNormal = (cat: string) => /^normal/i.test(cat) || /normal_videos/i.test(cat) || /^Testing_Normal|^Training_Normal/i.test(cat);
  const test = new Set<string>();
  readFileSync(annotationFile, 'utf8').split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const parts = t.split(/\s+/);
    const nums = parts.slice(2, 6).map(Number);
    if (parts.length < 6 || nums.some((n) => !Number.isInteger(n))) throw new ConfigError(`line ${i + 1}: expected '<file> <category> <start1> <end1> <start2> <end2>', got '${t}'`, { file: annotationFile, hint: 'e.g. Abuse028_x264.mp4 Abuse 165 240 -1 -1' });
    const [file, category] = parts as [string, string];
    const path = byName.get(file);
    if (!path) throw new InputError(`line ${i + 1}: video '${file}' is not under the dataset folder`, { file: annotationFile, hint: `check the dataset root ${root}` });
    test.add(file);
    const normal = isNormal(category);
    const id = safeId(file, taken);
    videos.push({ id, uri: rel(root, path), split: 'test', label: normal ? 'normal' : 'abnormal', category: normal ? 'normal' : category, groundTruth: `gt/${id}.gt.json` });
    const intervals: Array<[number, number]> = [];
    for (let k = 0; k < 4; k += 2) if (nums[k]! >= 0 && nums[k + 1]! >= nums[k]!) intervals.push([Math.max(0, nums[k]! - 1), nums[k + 1]!]);
    if (!normal && intervals.length === 0) throw new ConfigError(`line ${i + 1}: abnormal video '${file}' has no interval`, { file: annotationFile, hint: 'give start/end frames, e.g. 165 240 -1 -1' });
    groundTruth[id] = normal
      ? { videoId: id, label: 'normal', event: null }
      : { videoId: id, label: 'abnormal', event: { type: category, startFrame: intervals[0]![0], endFrame: intervals[intervals.length - 1]![1], frames: [], boxes: [], intervals } };
  });
  const trainList = join(root, 'Anomaly_Train.txt');
  const train = existsSync(trainList)
    ? readFileSync(trainList, 'utf8').split(/\r?\n/).map((l) => basename(l.trim())).filter(Boolean)
    : [...byName.keys()].filter((f) => !test.has(f));
  for (const file of train) {
    const path = byName.get(file);
    if (!path || test.has(file)) continue;
    const cat = rel(root, path).split('/').slice(-2, -1)[0] ?? '';
    const normal = isNormal(cat) || /^Normal/i.test(file);
    videos.push({ id: safeId(file, taken), uri: rel(root, path), split: 'train', label: normal ? 'normal' : 'abnormal', category: normal ? 'normal' : cat.replace(/[^A-Za-z0-9._-]/g, '_') || 'abnormal' });
  }
  return { manifest: { version: 1, name: opts.name ?? 'ucf-crime', videos }, groundTruth };
}

/** Write an import: `<root>/<manifestName>` and `<root>/gt/<id>.gt.json` for each ground truth. */
export function writeImport(result: ImportResult, root: string, manifestName = 'manifest.json'): string {
  for (const [id, gt] of Object.entries(result.groundTruth)) writeGroundTruth(join(root, 'gt', `${id}.gt.json`), gt);
  const path = join(root, manifestName);
  writeManifest(path, result.manifest);
  return path;
}

/**
 * Spatio-temporal box annotations (ST-UCF-Crime / STRA style: the abnormal event's box per frame)
 * -> ground truth. Accepts rows, or text lines `frame x1 y1 x2 y2` (spaces or commas, `#` comments;
 * `oneBased` shifts frame numbers to 0-based).
 */
export function boxAnnotationsToGroundTruth(videoId: string, type: string, rows: Array<{ frame: number; box: Box }> | string, opts: { oneBased?: boolean } = {}): GroundTruth {
  if (!VIDEO_ID_PATTERN.test(videoId)) throw new ConfigError(`video id '${videoId}' must match ${VIDEO_ID_PATTERN}`, { hint: "e.g. 'Stealing019_x264'" });
  const list = typeof rows === 'string' ? parseBoxLines(rows) : rows;
  const shift = opts.oneBased ? 1 : 0;
  const byFrame = new Map<number, Box>();
  for (const r of list) {
    const f = r.frame - shift;
    const prev = byFrame.get(f);
    // Several boxes in one frame (several actors): keep their union, like the synthetic ground truth.
    byFrame.set(f, prev ? [Math.min(prev[0], r.box[0]), Math.min(prev[1], r.box[1]), Math.max(prev[2], r.box[2]), Math.max(prev[3], r.box[3])] : r.box);
  }
  const frames = [...byFrame.keys()].sort((a, b) => a - b);
  if (frames.length === 0) return { videoId, label: 'normal', event: null };
  return { videoId, label: 'abnormal', event: { type, startFrame: frames[0]!, endFrame: frames[frames.length - 1]! + 1, frames, boxes: frames.map((f) => byFrame.get(f)!) } };
}

function parseBoxLines(text: string): Array<{ frame: number; box: Box }> {
  const out: Array<{ frame: number; box: Box }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (!t) return;
    const v = t.split(/[\s,]+/).map(Number);
    if (v.length !== 5 || v.some((x) => !Number.isFinite(x)) || !Number.isInteger(v[0]) || v[1]! > v[3]! || v[2]! > v[4]!) {
      throw new ConfigError(`box annotation line ${i + 1} must be 'frame x1 y1 x2 y2', got '${t}'`, { hint: 'e.g. 120 34 50 88 140' });
    }
    out.push({ frame: v[0]!, box: [v[1]!, v[2]!, v[3]!, v[4]!] });
  });
  return out;
}
