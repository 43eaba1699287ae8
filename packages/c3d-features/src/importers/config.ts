import { cfg, normalizeWith, type Schema } from '@wsstad/core';
import { DEFAULT_IMPORT_FEATURES_CONFIG, DEFAULT_IMPORT_PATTERNS } from '../defaults';
import type { ImportFeaturesConfig } from '../types';

type Format = ImportFeaturesConfig['format'];
const FORMATS: readonly Format[] = ['sultani-txt', 'rtfm-npy'];
/** Placeholders of `pattern`, filled per video (see `featureFileFor`). */
export const IMPORT_PATTERN_FIELDS: readonly string[] = ['id', 'name', 'category', 'split', 'folder'];
const EXAMPLE = "e.g. { format: sultani-txt, dir: features, pattern: '{name}.txt' }";
const FIELDS = IMPORT_PATTERN_FIELDS.map((f) => `{${f}}`).join(' ');
const PATTERN = `a file name containing {id} or {name}: every video needs its own file (placeholders: ${FIELDS})`;

const placeholders = (p: string): string[] => [...p.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
const unknownIn = (p: string): string[] => placeholders(p).filter((f) => !IMPORT_PATTERN_FIELDS.includes(f));

const pattern = () =>
  cfg.refine(
    cfg.str(undefined, PATTERN),
    (p) => unknownIn(p).length === 0 && /\{(id|name)\}/.test(p),
    (p) => (unknownIn(p).length ? `${PATTERN}; unknown placeholder {${unknownIn(p)[0]}}` : PATTERN),
  );

/** The pattern's default depends on the format, hence one schema (and one set of defaults) per format. */
const defaultsFor = (format: Format) => ({
  ...DEFAULT_IMPORT_FEATURES_CONFIG,
  pattern: DEFAULT_IMPORT_PATTERNS[format],
});
const schemaFor = (format: Format): Schema<ImportFeaturesConfig> =>
  cfg.defineConfig(
    {
      format: cfg.oneOf(FORMATS),
      dir: cfg.describe(cfg.str(), "Folder of the feature files, relative to the manifest's folder (or absolute)."),
      pattern: pattern(),
      frameCounts: cfg.nullable(cfg.str(undefined, 'null or a file path')),
      segments: cfg.either(cfg.oneOf(['release']), cfg.int(1, 100000), "'release' or an integer in [1, 100000]"),
      dim: cfg.nullable(cfg.int(1, Number.MAX_SAFE_INTEGER, 'null or an integer >= 1')),
      fps: cfg.refine(cfg.num(0, 1000, 'a number in (0, 1000]'), (f) => f > 0, 'a number in (0, 1000]'),
    },
    defaultsFor(format),
  ) as Schema<ImportFeaturesConfig>;

/** The import-features stage's params, per format (the generated pipeline.schema.json shows sultani-txt's). */
export const IMPORT_FEATURES_SCHEMAS: Readonly<Record<Format, Schema<ImportFeaturesConfig>>> = Object.freeze({
  'sultani-txt': schemaFor('sultani-txt'),
  'rtfm-npy': schemaFor('rtfm-npy'),
});

/** Fill the import-features defaults and check every field (ConfigError names the field and an example). */
export function normalizeImportFeaturesConfig(raw: unknown): ImportFeaturesConfig {
  const given = raw !== null && typeof raw === 'object' ? (raw as { format?: unknown }).format : undefined;
  const format: Format = FORMATS.includes(given as Format) ? (given as Format) : 'sultani-txt';
  const ctx = { subject: 'import-features', noun: 'param', defaults: defaultsFor(format), hint: EXAMPLE };
  return normalizeWith(IMPORT_FEATURES_SCHEMAS[format], raw ?? {}, ctx);
}
