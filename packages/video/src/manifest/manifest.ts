import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, describeJsonError, InputError, writeFileAtomic, type VideoEntry } from '@wsstad/core';

/**
 * Dataset manifest (one JSON file):
 * { "version": 1, "name": "my-dataset", "videos": [ { "id", "uri", "split", "label", "category", "groundTruth"? } ] }
 * `uri` and `groundTruth` are paths relative to the manifest's directory (or absolute, or a URL-ish
 * scheme like `synth:`); `..` segments are rejected so a manifest cannot reach outside its folder.
 */
export interface Manifest {
  version: 1;
  name: string;
  videos: VideoEntry[];
  /** Free-form metadata (e.g. the generator config of a synthetic benchmark). */
  meta?: Record<string, unknown>;
}

export interface LoadedManifest extends Manifest {
  /** Absolute path of the manifest file. */
  path: string;
  /** Directory relative URIs resolve against. */
  dir: string;
}

export const VIDEO_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SPLITS = ['train', 'test'];
const LABELS = ['normal', 'abnormal'];
const KEYS = new Set(['id', 'uri', 'split', 'label', 'category', 'groundTruth']);

export function loadManifest(path: string): LoadedManifest {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new InputError('cannot read the dataset manifest', { file: abs, hint: 'check the path; create one with `wsstad synth` or an importer', cause: e });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`manifest is ${describeJsonError(e)}`, { file: abs, hint: 'see the manifest format in packages/video/README.md' });
  }
  const m = validateManifest(raw, abs);
  return { ...m, path: abs, dir: dirname(abs) };
}

/** Check every field; throws ConfigError naming the file, the entry and the key. */
export function validateManifest(raw: unknown, file = '<manifest>'): Manifest {
  const fail = (msg: string, hint: string): never => { throw new ConfigError(msg, { file, hint }); };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('manifest must be a JSON object', 'e.g. {"version": 1, "name": "d", "videos": []}');
  const m = raw as Record<string, unknown>;
  if (m.version !== 1) fail(`key 'version' must be 1, got ${JSON.stringify(m.version)}`, 'set "version": 1');
  if (typeof m.name !== 'string' || !m.name) fail("key 'name' must be a non-empty string", 'e.g. "name": "ucf-crime"');
  if (!Array.isArray(m.videos)) fail("key 'videos' must be an array of video entries", 'e.g. "videos": [{"id": "v1", "uri": "v1.mp4", "split": "test", "label": "normal", "category": "normal"}]');
  if (m.meta !== undefined && (typeof m.meta !== 'object' || m.meta === null || Array.isArray(m.meta))) fail("key 'meta' must be an object when present", 'remove it or make it {}');
  const seen = new Set<string>();
  const videos = (m.videos as unknown[]).map((v, i) => {
    const where = `videos[${i}]`;
    if (!v || typeof v !== 'object' || Array.isArray(v)) fail(`${where} must be an object`, 'see the manifest format');
    const e = v as Record<string, unknown>;
    const at = `${where}${typeof e.id === 'string' ? ` (id '${e.id}')` : ''}`;
    for (const k of Object.keys(e)) if (!KEYS.has(k)) fail(`${at}: unknown key '${k}'; allowed: ${[...KEYS].join(', ')}`, `remove '${k}'`);
    if (typeof e.id !== 'string' || !VIDEO_ID_PATTERN.test(e.id)) fail(`${at}: key 'id' must match ${VIDEO_ID_PATTERN} (safe as a file name), got ${JSON.stringify(e.id)}`, "e.g. 'Abuse028_x264'");
    if (seen.has(e.id as string)) fail(`${at}: key 'id' duplicates an earlier entry`, 'ids must be unique');
    seen.add(e.id as string);
    checkPath(e.uri, `${at}: key 'uri'`, fail, true);
    if (!SPLITS.includes(e.split as string)) fail(`${at}: key 'split' must be one of ${SPLITS.join(', ')}, got ${JSON.stringify(e.split)}`, '"split": "test"');
    if (!LABELS.includes(e.label as string)) fail(`${at}: key 'label' must be one of ${LABELS.join(', ')}, got ${JSON.stringify(e.label)}`, '"label": "abnormal"');
    if (typeof e.category !== 'string' || !e.category) fail(`${at}: key 'category' must be a non-empty string`, '"category": "normal" (or the event type)');
    if (e.groundTruth !== undefined) checkPath(e.groundTruth, `${at}: key 'groundTruth'`, fail, false);
    const out: VideoEntry = { id: e.id as string, uri: e.uri as string, split: e.split as VideoEntry['split'], label: e.label as VideoEntry['label'], category: e.category as string };
    if (e.groundTruth !== undefined) out.groundTruth = e.groundTruth as string;
    return out;
  });
  return { version: 1, name: m.name as string, videos, ...(m.meta ? { meta: m.meta as Record<string, unknown> } : {}) };
}

function checkPath(v: unknown, what: string, fail: (m: string, h: string) => never, allowScheme: boolean): void {
  if (typeof v !== 'string' || !v) fail(`${what} must be a non-empty string`, 'a path relative to the manifest, e.g. "videos/v1.mp4"');
  const s = v as string;
  if (s.includes('\0')) fail(`${what} contains a NUL byte`, 'use a plain path');
  if (allowScheme && /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) return; // synth:..., file:...
  if (s.split(/[\\/]+/).includes('..')) fail(`${what} '${s}' contains '..' (path traversal)`, 'keep videos and ground truth inside the manifest folder (or give an absolute path)');
}

/** Resolve an entry's uri or groundTruth against the manifest directory. */
export function resolveInManifest(dir: string, p: string): string {
  return isAbsolute(p) || /^[a-z][a-z0-9+.-]*:/i.test(p) ? p : resolve(dir, p);
}

/** Validate and write a manifest atomically (pretty JSON). */
export function writeManifest(path: string, manifest: Manifest): void {
  const m = validateManifest(manifest, path);
  writeFileAtomic(path, JSON.stringify(m, null, 2) + '\n');
}
