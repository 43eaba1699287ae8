import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { ConfigError, InputError, type Box, type VideoEntry } from '@wsstad/core';
import type { GroundTruth } from '../types';
import { writeGroundTruth } from './ground-truth';
import { VIDEO_ID_PATTERN, writeManifest, type Manifest } from './manifest';

export const VIDEO_EXTENSIONS: readonly string[] = Object.freeze([
  '.mp4',
  '.avi',
  '.mkv',
  '.mov',
  '.webm',
  '.mpg',
  '.mpeg',
  '.m4v',
  '.wmv',
  '.flv',
  '.y4m',
]);

/** An imported dataset: the manifest (uris relative to the dataset root) and ground truth to write. */
export interface ImportResult {
  manifest: Manifest;
  /** Ground truth per test video id, written to `gt/<id>.gt.json` by writeImport. */
  groundTruth: Record<string, GroundTruth>;
}

/** A file-name-safe id from a file name; unique within `taken`. */
export function safeId(name: string, taken: Set<string>): string {
  let id = name
    .replace(/\.[^.]+$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '');
  if (!id) id = 'video';
  let out = id,
    k = 2;
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
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new InputError('dataset folder not found', {
      file: root,
      hint: 'expected <root>/train/normal, <root>/train/abnormal, <root>/test/normal, <root>/test/abnormal',
    });
  const taken = new Set<string>();
  const videos: VideoEntry[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const label of ['normal', 'abnormal'] as const) {
      const base = join(root, split, label);
      for (const p of videosUnder(base)) {
        const id = safeId(basename(p), taken);
        const sub = rel(base, p).split('/');
        const entry: VideoEntry = {
          id,
          uri: rel(root, p),
          split,
          label,
          category: label === 'normal' ? 'normal' : sub.length > 1 ? sub[0]! : 'abnormal',
        };
        const gt = join(root, split, 'gt', `${id}.gt.json`);
        if (split === 'test' && existsSync(gt)) entry.groundTruth = rel(root, gt);
        videos.push(entry);
      }
    }
  }
  if (videos.length === 0)
    throw new InputError(`no videos (${VIDEO_EXTENSIONS.join(', ')}) under {train,test}/{normal,abnormal}/`, {
      file: root,
      hint: 'e.g. <root>/test/abnormal/fight01.mp4',
    });
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
  if (!existsSync(annotationFile))
    throw new InputError('annotation file not found', {
      file: annotationFile,
      hint: 'pass Temporal_Anomaly_Annotation.txt',
    });
  const files = videosUnder(root);
  const byName = new Map(files.map((p) => [basename(p), p]));
  const taken = new Set<string>();
  const videos: VideoEntry[] = [];
  const groundTruth: Record<string, GroundTruth> = {};
  const test = new Set<string>();
  for (const a of parseUcfCrimeAnnotations(annotationFile)) {
    const path = byName.get(a.file);
    if (!path)
      throw new InputError(`line ${a.line}: video '${a.file}' is not under the dataset folder`, {
        file: annotationFile,
        hint: `check the dataset root ${root}`,
      });
    test.add(a.file);
    const id = safeId(a.file, taken);
    videos.push({
      id,
      uri: rel(root, path),
      split: 'test',
      label: a.normal ? 'normal' : 'abnormal',
      category: a.normal ? 'normal' : a.category,
      groundTruth: `gt/${id}.gt.json`,
    });
    groundTruth[id] = ucfGroundTruth(id, a);
  }
  const trainList = join(root, 'Anomaly_Train.txt');
  const train = existsSync(trainList)
    ? readFileSync(trainList, 'utf8')
        .split(/\r?\n/)
        .map((l) => basename(l.trim()))
        .filter(Boolean)
    : [...byName.keys()].filter((f) => !test.has(f));
  for (const file of train) {
    const path = byName.get(file);
    if (!path || test.has(file)) continue;
    const cat = rel(root, path).split('/').slice(-2, -1)[0] ?? '';
    const normal = isUcfNormal(cat) || /^Normal/i.test(file);
    videos.push({
      id: safeId(file, taken),
      uri: rel(root, path),
      split: 'train',
      label: normal ? 'normal' : 'abnormal',
      category: normal ? 'normal' : cat.replace(/[^A-Za-z0-9._-]/g, '_') || 'abnormal',
    });
  }
  return { manifest: { version: 1, name: opts.name ?? 'ucf-crime', videos }, groundTruth };
}

/**
 * UCF-Crime's normal categories / folders: 'Normal', 'Normal_Videos*', 'Training_Normal_Videos_Anomaly',
 * 'Testing_Normal_Videos_Anomaly'.
 */
const isUcfNormal = (cat: string): boolean =>
  /^normal/i.test(cat) || /normal_videos/i.test(cat) || /^Testing_Normal|^Training_Normal/i.test(cat);

/** One line of UCF-Crime's temporal annotation file. */
interface UcfAnnotation {
  line: number;
  file: string;
  category: string;
  normal: boolean;
  intervals: Array<[number, number]>;
}

/**
 * `Temporal_Anomaly_Annotation(_for_Testing_Videos).txt`: `<file> <category> <s1> <e1> <s2> <e2>`,
 * 1-based inclusive frame numbers, -1 = no interval; intervals become 0-based half-open.
 */
function parseUcfCrimeAnnotations(annotationFile: string): UcfAnnotation[] {
  const out: UcfAnnotation[] = [];
  readFileSync(annotationFile, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#')) return;
      const parts = t.split(/\s+/);
      const nums = parts.slice(2, 6).map(Number);
      if (parts.length < 6 || nums.some((n) => !Number.isInteger(n)))
        throw new ConfigError(
          `line ${i + 1}: expected '<file> <category> <start1> <end1> <start2> <end2>', got '${t}'`,
          { file: annotationFile, hint: 'e.g. Abuse028_x264.mp4 Abuse 165 240 -1 -1' },
        );
      const [file, category] = parts as [string, string];
      const normal = isUcfNormal(category);
      const intervals: Array<[number, number]> = [];
      for (let k = 0; k < 4; k += 2) {
        const [a, b] = [nums[k]!, nums[k + 1]!];
        if (a === -1 && b === -1) continue;
        // Was silently dropped: an inverted or half-given pair is a typo that would lose the event's frames.
        // A 0 start (seen in hand-made files) is read as frame 1, as before.
        if (a < 0 || b < 1 || b < a) {
          throw new ConfigError(
            `line ${i + 1}: interval ${k / 2 + 1} of '${parts[0]}' is [${a}, ${b}]; expected 1-based ` +
              `inclusive frames with start <= end, or -1 -1 for none`,
            { file: annotationFile, hint: 'fix the frame numbers on that line, e.g. 165 240 -1 -1' },
          );
        }
        intervals.push([Math.max(0, a - 1), b]);
      }
      if (!normal && intervals.length === 0)
        throw new ConfigError(`line ${i + 1}: abnormal video '${file}' has no interval`, {
          file: annotationFile,
          hint: 'give start/end frames, e.g. 165 240 -1 -1',
        });
      out.push({ line: i + 1, file: basename(file), category, normal, intervals });
    });
  return out;
}

function ucfGroundTruth(id: string, a: UcfAnnotation): GroundTruth {
  return a.normal
    ? { videoId: id, label: 'normal', event: null }
    : {
        videoId: id,
        label: 'abnormal',
        event: {
          type: a.category,
          startFrame: a.intervals[0]![0],
          endFrame: a.intervals[a.intervals.length - 1]![1],
          frames: [],
          boxes: [],
          intervals: a.intervals,
        },
      };
}

/** Paths of UCF-Crime's official split and annotation files (see importUcfCrimeSplits). */
export interface UcfCrimeSplitFiles {
  /** `Anomaly_Train.txt`: one video path per line, e.g. `Abuse/Abuse001_x264.mp4`. */
  trainList: string;
  /** `Anomaly_Test.txt`; optional: without it the test videos are those of the annotation file. */
  testList?: string;
  /** `Temporal_Anomaly_Annotation_for_Testing_Videos.txt` (test videos' temporal annotations). */
  annotations: string;
}

/**
 * UCF-Crime from its official split files alone, **without the videos** (for pipelines on
 * imported public features): train videos from `Anomaly_Train.txt`, test videos from
 * `Anomaly_Test.txt` (else the annotation file), labels from the folder or category ('Normal*' =
 * normal, else the folder is the category), ground truth from the temporal annotation file
 * (every test video must have a line there). URIs are the list's relative paths (where the
 * videos would be under the dataset root); nothing checks that they exist.
 */
export function importUcfCrimeSplits(files: UcfCrimeSplitFiles, opts: { name?: string } = {}): ImportResult {
  for (const [what, f] of [
    ['train list (Anomaly_Train.txt)', files.trainList],
    ['temporal annotation file', files.annotations],
    ['test list (Anomaly_Test.txt)', files.testList],
  ] as const) {
    if (f !== undefined && !existsSync(f))
      throw new InputError(`UCF-Crime ${what} not found`, {
        file: f,
        hint:
          'download the UCF-Crime split files (Anomaly_Train.txt, Anomaly_Test.txt, ' +
          'Temporal_Anomaly_Annotation_for_Testing_Videos.txt) from the dataset page',
      });
  }
  const readList = (f: string) =>
    readFileSync(f, 'utf8')
      .split(/\r?\n/)
      .map((l) =>
        l
          .trim()
          .replace(/\\/g, '/')
          .replace(/^\.?\//, ''),
      )
      .filter((l) => l && !l.startsWith('#'));
  const ann = parseUcfCrimeAnnotations(files.annotations);
  const byFile = new Map(ann.map((a) => [a.file, a]));
  const taken = new Set<string>();
  const videos: VideoEntry[] = [];
  const groundTruth: Record<string, GroundTruth> = {};
  const seen = new Set<string>();
  const testPaths = files.testList ? readList(files.testList) : ann.map((a) => a.file);
  for (const path of testPaths) {
    const file = basename(path);
    const a = byFile.get(file);
    if (!a)
      throw new ConfigError(`test video '${path}' has no line in the temporal annotation file`, {
        file: files.annotations,
        hint:
          `add '${file} <category> <start> <end> -1 -1' (or '${file} Normal -1 -1 -1 -1'), or check that ` +
          `the test list and the annotation file belong together`,
      });
    if (seen.has(file)) continue;
    seen.add(file);
    const id = safeId(file, taken);
    videos.push({
      id,
      uri: safeUri(path),
      split: 'test',
      label: a.normal ? 'normal' : 'abnormal',
      category: a.normal ? 'normal' : a.category,
      groundTruth: `gt/${id}.gt.json`,
    });
    groundTruth[id] = ucfGroundTruth(id, a);
  }
  for (const path of readList(files.trainList)) {
    const file = basename(path);
    if (seen.has(file)) continue;
    seen.add(file);
    const folder = path.includes('/') ? path.split('/').slice(-2, -1)[0]! : '';
    const normal = isUcfNormal(folder) || /^Normal/i.test(file);
    const category = normal
      ? 'normal'
      : (folder || /^([A-Za-z]+?)\d/.exec(file)?.[1] || 'abnormal').replace(/[^A-Za-z0-9._-]/g, '_');
    videos.push({
      id: safeId(file, taken),
      uri: safeUri(path),
      split: 'train',
      label: normal ? 'normal' : 'abnormal',
      category,
    });
  }
  if (!videos.some((v) => v.split === 'train'))
    throw new ConfigError('the train list names no videos', {
      file: files.trainList,
      hint: "one path per line, e.g. 'Abuse/Abuse001_x264.mp4'",
    });
  return { manifest: { version: 1, name: opts.name ?? 'ucf-crime', videos }, groundTruth };
}

/** A list path as a manifest URI: forward slashes, no leading '/', no '..' segments (the manifest rejects them). */
function safeUri(path: string): string {
  return path
    .split('/')
    .filter((x) => x && x !== '..' && x !== '.')
    .join('/');
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
export function boxAnnotationsToGroundTruth(
  videoId: string,
  type: string,
  rows: Array<{ frame: number; box: Box }> | string,
  opts: { oneBased?: boolean } = {},
): GroundTruth {
  if (!VIDEO_ID_PATTERN.test(videoId))
    throw new ConfigError(`video id '${videoId}' must match ${VIDEO_ID_PATTERN}`, { hint: "e.g. 'Stealing019_x264'" });
  const list = typeof rows === 'string' ? parseBoxLines(rows) : rows;
  const shift = opts.oneBased ? 1 : 0;
  const byFrame = new Map<number, Box>();
  for (const r of list) {
    const f = r.frame - shift;
    const prev = byFrame.get(f);
    // Several boxes in one frame (several actors): keep their union, like the synthetic ground truth.
    byFrame.set(
      f,
      prev
        ? [
            Math.min(prev[0], r.box[0]),
            Math.min(prev[1], r.box[1]),
            Math.max(prev[2], r.box[2]),
            Math.max(prev[3], r.box[3]),
          ]
        : r.box,
    );
  }
  const frames = [...byFrame.keys()].sort((a, b) => a - b);
  if (frames.length === 0) return { videoId, label: 'normal', event: null };
  return {
    videoId,
    label: 'abnormal',
    event: {
      type,
      startFrame: frames[0]!,
      endFrame: frames[frames.length - 1]! + 1,
      frames,
      boxes: frames.map((f) => byFrame.get(f)!),
    },
  };
}

function parseBoxLines(text: string): Array<{ frame: number; box: Box }> {
  const out: Array<{ frame: number; box: Box }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (!t) return;
    const v = t.split(/[\s,]+/).map(Number);
    if (
      v.length !== 5 ||
      v.some((x) => !Number.isFinite(x)) ||
      !Number.isInteger(v[0]) ||
      v[1]! > v[3]! ||
      v[2]! > v[4]!
    ) {
      throw new ConfigError(`box annotation line ${i + 1} must be 'frame x1 y1 x2 y2', got '${t}'`, {
        hint: 'e.g. 120 34 50 88 140',
      });
    }
    out.push({ frame: v[0]!, box: [v[1]!, v[2]!, v[3]!, v[4]!] });
  });
  return out;
}
