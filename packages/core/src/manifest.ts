import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeJsonError, InputError, type ErrorDetails } from './errors';
import type { VideoEntry } from './types';

/**
 * The one dataset-manifest reader (the runner, the video package, `wsstad detect/eval/train` and the
 * trainer's standalone entry all read through it, so a manifest one accepts the others accept).
 * A manifest is JSON: `{ "version"?: 1, "name"?: string, "meta"?: {...}, "videos": [VideoEntry...] }`
 * or a bare `[VideoEntry...]`. `uri` and `groundTruth` are relative to the manifest's folder (or
 * absolute, or a scheme such as `synth:`); a `..` segment is rejected anywhere, so a manifest cannot
 * reach outside its folder.
 */
export interface DatasetManifest {
  /** Absolute path of the manifest file. */
  path: string;
  /** Folder relative URIs resolve against. */
  dir: string;
  videos: VideoEntry[];
  /** Present when the file has them (the object form). */
  version?: 1;
  name?: string;
  meta?: Record<string, unknown>;
}

/** A manifest that cannot be read or fails validation: which file, which entry, which key. */
export class ManifestError extends InputError {
  /** Index in `videos` of the offending entry; undefined for file-level problems. */
  readonly entry?: number;
  readonly key?: string;
  constructor(message: string, details: ErrorDetails & { entry?: number; key?: string }) {
    super(message, details);
    this.entry = details.entry;
    this.key = details.key;
  }
}

export const VIDEO_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SPLITS = ['train', 'test'] as const;
const LABELS = ['normal', 'abnormal'] as const;
const ENTRY_KEYS = ['id', 'uri', 'split', 'label', 'category', 'groundTruth'];
const TOP_KEYS = ['version', 'name', 'meta', 'videos'];
const EXAMPLE = '{ "id": "v001", "uri": "videos/v001.mp4", "split": "train", "label": "normal", "category": "normal" }';
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Read and validate a manifest file; throws ManifestError naming the file (and entry, key). */
export function readManifest(path: string): DatasetManifest {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    // describeJsonError, never e.message: JSON.parse quotes the input and the path may name any file.
    throw new ManifestError(`cannot read the dataset manifest: ${describeJsonError(e)}`, {
      file,
      hint: `a JSON file { "videos": [${EXAMPLE}] }; create one with \`wsstad synth\` or \`wsstad import\``,
    });
  }
  return { ...parseManifest(raw, file), path: file, dir: dirname(file) };
}

/** Validate parsed manifest JSON (`file` names it in errors); entries come back with only the known keys. */
export function parseManifest(raw: unknown, file = '<manifest>'): Omit<DatasetManifest, 'path' | 'dir'> {
  const fail: Fail = (msg, hint, entry, key) => {
    throw new ManifestError(msg, { file, hint, entry, key });
  };
  const obj = !Array.isArray(raw) && raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
  const list = Array.isArray(raw) ? raw : obj && own(obj, 'videos') ? obj.videos : undefined;
  if (!Array.isArray(list)) fail('dataset manifest has no "videos" list', `{ "videos": [${EXAMPLE}] } or a bare list`);
  const head = obj ? checkHead(obj, fail) : {};
  const seen = new Set<string>();
  const videos = (list as unknown[]).map((v, i) => checkEntry(v, i, seen, fail));
  return { ...head, videos };
}

type Fail = (msg: string, hint: string, entry?: number, key?: string) => never;

/** The object form's other keys: each optional, each checked when present. */
function checkHead(obj: Record<string, unknown>, fail: Fail): Omit<DatasetManifest, 'path' | 'dir' | 'videos'> {
  const head: Omit<DatasetManifest, 'path' | 'dir' | 'videos'> = {};
  for (const k of Object.keys(obj)) {
    if (!TOP_KEYS.includes(k)) fail(`unknown key '${k}'; allowed: ${TOP_KEYS.join(', ')}`, `remove '${k}'`);
  }
  if (own(obj, 'version')) {
    if (obj.version !== 1) fail(`key 'version' must be 1, got ${JSON.stringify(obj.version)}`, 'set "version": 1');
    head.version = 1;
  }
  if (own(obj, 'name')) {
    if (typeof obj.name !== 'string' || !obj.name) {
      fail("key 'name' must be a non-empty string", 'e.g. "name": "ucf-crime"');
    }
    head.name = obj.name as string;
  }
  if (own(obj, 'meta')) {
    const m = obj.meta;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      fail("key 'meta' must be an object when present", 'remove it or make it {}');
    }
    head.meta = m as Record<string, unknown>;
  }
  return head;
}

type Bad = (key: string, msg: string, hint: string) => never;

function checkEntry(v: unknown, i: number, seen: Set<string>, fail: Fail): VideoEntry {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    fail(`videos[${i}] must be an object`, `entries look like ${EXAMPLE}`, i);
  }
  const e = v as Record<string, unknown>;
  const at = `videos[${i}]${typeof e.id === 'string' ? ` (id '${e.id}')` : ''}`;
  const bad: Bad = (key, msg, hint) => fail(`${at}: key '${key}' ${msg}`, hint, i, key);
  for (const k of Object.keys(e)) {
    if (ENTRY_KEYS.includes(k)) continue;
    fail(`${at}: unknown key '${k}'; allowed: ${ENTRY_KEYS.join(', ')}`, `remove '${k}'`, i, k);
  }
  if (typeof e.id !== 'string' || !VIDEO_ID_PATTERN.test(e.id)) {
    const got = JSON.stringify(e.id);
    bad('id', `must match ${VIDEO_ID_PATTERN} (safe as a file name), got ${got}`, "e.g. 'Abuse028_x264'");
  }
  const id = e.id as string;
  if (seen.has(id)) bad('id', 'duplicates an earlier entry', 'ids must be unique: rename or remove one');
  seen.add(id);
  checkPath(e.uri, 'uri', bad);
  oneOf(e.split, SPLITS, 'split', '"split": "test"', bad);
  oneOf(e.label, LABELS, 'label', '"label": "abnormal"', bad);
  if (typeof e.category !== 'string' || !e.category) {
    bad('category', 'must be a non-empty string', '"category": "normal" (or the event type)');
  }
  if (e.groundTruth !== undefined) checkPath(e.groundTruth, 'groundTruth', bad);
  const out: VideoEntry = {
    id,
    uri: e.uri as string,
    split: e.split as VideoEntry['split'],
    label: e.label as VideoEntry['label'],
    category: e.category as string,
  };
  if (e.groundTruth !== undefined) out.groundTruth = e.groundTruth as string;
  return out;
}

function oneOf(v: unknown, allowed: readonly string[], key: string, example: string, bad: Bad): void {
  if (!allowed.includes(v as string)) {
    bad(key, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`, example);
  }
}

function checkPath(v: unknown, key: string, bad: Bad): void {
  if (typeof v !== 'string' || !v) {
    bad(key, 'must be a non-empty string', 'a path relative to the manifest, e.g. "videos/v1.mp4"');
  }
  const s = v as string;
  if (s.includes('\0')) bad(key, 'contains a NUL byte', 'use a plain path');
  // Checked with or without a scheme: `file:../x` reaches outside as surely as `../x`.
  if (s.split(/[\\/:]+/).includes('..')) {
    const hint = 'keep videos and ground truth inside the manifest folder, or give an absolute path';
    bad(key, `'${s}' contains '..' (path traversal)`, hint);
  }
}
