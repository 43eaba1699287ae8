import { basename, isAbsolute, resolve } from 'node:path';
import {
  ManifestError,
  parseManifest,
  readManifest,
  VIDEO_ID_PATTERN,
  writeFileAtomic,
  type VideoEntry,
} from '@wsstad/core';

/**
 * Dataset manifest (one JSON file):
 * { "version": 1, "name": "my-dataset", "videos": [ { "id", "uri", "split", "label", "category", "groundTruth"? } ] }
 * `uri` and `groundTruth` are paths relative to the manifest's directory (or absolute, or a URL-ish
 * scheme like `synth:`); `..` segments are rejected so a manifest cannot reach outside its folder.
 * The rules live in core (`readManifest`, `parseManifest`); this module adds the typed envelope and the writer.
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

export { VIDEO_ID_PATTERN };

/**
 * Read a manifest through core's one reader (`readManifest`: the same rules as the runner and the
 * standalone commands). A bare list or a file without `name` gets its folder's name.
 */
export function loadManifest(path: string): LoadedManifest {
  const m = readManifest(path);
  const name = m.name ?? (basename(m.dir) || 'dataset');
  return { version: 1, name, videos: m.videos, ...(m.meta ? { meta: m.meta } : {}), path: m.path, dir: m.dir };
}

/**
 * Check a manifest to write: core's entry rules, plus the object form with `version` and `name`
 * (what this package writes always has both).
 */
export function validateManifest(raw: unknown, file = '<manifest>'): Manifest {
  const m = parseManifest(raw, file);
  if (Array.isArray(raw) || m.version !== 1) {
    throw new ManifestError("key 'version' must be 1", { file, hint: 'set "version": 1' });
  }
  if (m.name === undefined) {
    throw new ManifestError("key 'name' must be a non-empty string", { file, hint: 'e.g. "name": "ucf-crime"' });
  }
  return { version: 1, name: m.name, videos: m.videos, ...(m.meta ? { meta: m.meta } : {}) };
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
