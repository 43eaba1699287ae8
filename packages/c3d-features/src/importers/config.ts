import { ConfigError } from '@wsstad/core';
import { DEFAULT_IMPORT_FEATURES_CONFIG, DEFAULT_IMPORT_PATTERNS } from '../defaults';
import type { ImportFeaturesConfig } from '../types';

const FORMATS: ReadonlyArray<ImportFeaturesConfig['format']> = ['sultani-txt', 'rtfm-npy'];
/** Placeholders of `pattern`, filled per video (see `featureFileFor`). */
export const IMPORT_PATTERN_FIELDS: readonly string[] = ['id', 'name', 'category', 'split', 'folder'];
const EXAMPLE = "{ format: sultani-txt, dir: features, pattern: '{name}.txt' }";

/** Fill the import-features defaults and check every field (ConfigError names the field and an example). */
export function normalizeImportFeaturesConfig(raw: unknown): ImportFeaturesConfig {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw new ConfigError(`import-features params must be an object, got ${JSON.stringify(raw)}`, { hint: `e.g. ${EXAMPLE}` });
  const r = (raw ?? {}) as Record<string, unknown>;
  const allowed = ['format', 'dir', 'pattern', ...Object.keys(DEFAULT_IMPORT_FEATURES_CONFIG)];
  for (const k of Object.keys(r)) if (!allowed.includes(k)) throw new ConfigError(`unknown import-features param '${k}'; valid: ${allowed.join(', ')}`, { hint: `remove '${k}' or fix its spelling` });
  const format = r.format as ImportFeaturesConfig['format'];
  if (!FORMATS.includes(format)) throw new ConfigError(`import-features format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(r.format)}`, { hint: `e.g. ${EXAMPLE}` });
  const str = (k: string, v: unknown, nullable: boolean): string | null => {
    if (v === null && nullable) return null;
    if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`import-features ${k} must be a non-empty string${nullable ? ' or null' : ''}, got ${JSON.stringify(v)}`, { hint: `e.g. ${EXAMPLE}` });
    return v;
  };
  const dir = str('dir', r.dir, false)!;
  const pattern = str('pattern', r.pattern ?? DEFAULT_IMPORT_PATTERNS[format], false)!;
  for (const m of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!IMPORT_PATTERN_FIELDS.includes(m[1]!)) throw new ConfigError(`import-features pattern '${pattern}': unknown placeholder {${m[1]}}; valid: ${IMPORT_PATTERN_FIELDS.map((f) => `{${f}}`).join(' ')}`, { hint: `e.g. pattern: '${DEFAULT_IMPORT_PATTERNS[format]}'` });
  }
  if (!/\{(id|name)\}/.test(pattern)) throw new ConfigError(`import-features pattern '${pattern}' must contain {id} or {name}: every video needs its own file`, { hint: `e.g. pattern: '${DEFAULT_IMPORT_PATTERNS[format]}'` });
  const d = DEFAULT_IMPORT_FEATURES_CONFIG;
  const frameCounts = str('frameCounts', r.frameCounts ?? d.frameCounts, true);
  const segments = r.segments ?? d.segments;
  if (segments !== 'release' && !(typeof segments === 'number' && Number.isInteger(segments) && segments >= 1 && segments <= 100000)) {
    throw new ConfigError(`import-features segments must be 'release' or an integer in [1, 100000], got ${JSON.stringify(segments)}`, { hint: 'e.g. segments: 32 (Sultani and RTFM train on 32 segments per video)' });
  }
  const dim = r.dim ?? d.dim;
  if (dim !== null && !(typeof dim === 'number' && Number.isInteger(dim) && dim >= 1)) throw new ConfigError(`import-features dim must be a positive integer or null, got ${JSON.stringify(dim)}`, { hint: 'e.g. dim: 4096 (Sultani C3D) or 2048 (RTFM I3D)' });
  const fps = r.fps ?? d.fps;
  if (typeof fps !== 'number' || !(fps > 0 && fps <= 1000)) throw new ConfigError(`import-features fps must be a number in (0, 1000], got ${JSON.stringify(fps)}`, { hint: 'e.g. fps: 30 (UCF-Crime)' });
  return { format, dir, pattern, frameCounts, segments: segments as ImportFeaturesConfig['segments'], dim: dim as number | null, fps };
}
