import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import {
  ConfigError,
  InputError,
  hashJson,
  sha256,
  writeClipFeatures,
  writeTubes,
  writeVideolets,
  silentLogger,
  type ClipFeatureColumns,
  type Lineage,
  type Logger,
  type StageVideoFile,
  type VideoEntry,
  type VideoInfo,
  type VideoStage,
  type VideoStageContext,
  type Videolet,
} from '@wsstad/core';
import { assertFiniteClipFeatures } from '../registry';
import type { ImportFeaturesConfig } from '../types';
import { normalizeImportFeaturesConfig } from './config';
import { importRtfmNpy, importSultaniText, RELEASE_CLIP_FRAMES, SULTANI_SEGMENTS } from './public';

export const IMPORT_FEATURES_STAGE_VERSION = '1';
const PACKAGE = '@wsstad/c3d-features';

const FRAME_COUNT_HINT =
  "a text file with one '<video file or id> <frames>' line per video (e.g. from ffprobe -count_frames, " +
  'or a published list), set as frameCounts: <file>';

/**
 * `<folder>` of a manifest URI: the last directory of its path ('Abuse' in 'Abuse/Abuse001_x264.mp4'); '' when none.
 */
const uriFolder = (uri: string): string => uri.split('/').slice(-2, -1)[0] ?? '';
/** `<name>` of a manifest URI: its file name without the extension. */
const uriStem = (uri: string): string => basename(uri, extname(uri));

const fromDataset = (datasetDir: string, p: string): string => (isAbsolute(p) ? p : resolve(datasetDir, p));

/**
 * The feature file of one video: `dir` (relative to the manifest's folder) joined with `pattern`'s placeholders
 * filled.
 */
export function featureFileFor(
  cfg: Pick<ImportFeaturesConfig, 'dir' | 'pattern'>,
  video: VideoEntry,
  datasetDir: string,
): string {
  const fields: Record<string, string> = {
    id: video.id,
    name: uriStem(video.uri),
    category: video.category,
    split: video.split,
    folder: uriFolder(video.uri),
  };
  return join(
    fromDataset(datasetDir, cfg.dir),
    cfg.pattern.replace(/\{([a-z]+)\}/g, (_, k: string) => fields[k] ?? ''),
  );
}

const countsMemo = new Map<string, { stamp: string; counts: Map<string, number> }>();

/**
 * Read a frame-count file: one `<video> <frames>` per line (whitespace, comma or tab separated;
 * `#` comments; a first line that is not a count is taken as a header). `<video>` is a video id,
 * a file name or a path; it is matched by its file name without extension. Memoised per file
 * content stamp (size + mtime) so the preflight and every video read it once.
 */
export function readFrameCounts(file: string): ReadonlyMap<string, number> {
  const st = statSync(file);
  const stamp = `${st.size}/${st.mtimeMs}`;
  const hit = countsMemo.get(file);
  if (hit && hit.stamp === stamp) return hit.counts;
  const counts = new Map<string, number>();
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const t = line.replace(/#.*/, '').trim();
      if (!t) return;
      const parts = t.split(/[\s,]+/);
      const n = Number(parts[1]);
      if (parts.length < 2 || !Number.isInteger(n) || n < 1) {
        if (counts.size === 0 && i === 0) return; // header
        throw new InputError(
          `frame-count line ${i + 1} must be '<video> <frames>' with frames a positive integer, got '${t}'`,
          { file, hint: "e.g. 'Abuse028_x264.mp4 1412'" },
        );
      }
      counts.set(uriStem(parts[0]!.replace(/\\/g, '/')), n);
    });
  countsMemo.set(file, { stamp, counts });
  return counts;
}

/**
 * The frame count of one video, in this order: the `frameCounts` file (by id, then by the URI's
 * file name); RTFM: null here (16 x the number of snippets, known once the file is read); Sultani:
 * a nominal 32 x 16 = 512 for TRAIN videos (training uses only the segments' relative positions)
 * and an error for test videos (frame-level AUC compares scores with annotated frame numbers).
 */
export function frameCountFor(
  cfg: ImportFeaturesConfig,
  video: VideoEntry,
  datasetDir: string,
): { frames: number | null; source: 'file' | 'release' | 'nominal' } {
  if (cfg.frameCounts) {
    const f = fromDataset(datasetDir, cfg.frameCounts);
    if (existsSync(f)) {
      const c = readFrameCounts(f);
      const n = c.get(video.id) ?? c.get(uriStem(video.uri));
      if (n !== undefined) return { frames: n, source: 'file' };
    }
  }
  if (cfg.format === 'rtfm-npy') return { frames: null, source: 'release' };
  if (video.split === 'train') return { frames: SULTANI_SEGMENTS * RELEASE_CLIP_FRAMES, source: 'nominal' };
  throw new ConfigError(
    `no frame count for test video '${video.id}': sultani-txt features do not record the video's ` +
      `length, and frame-level AUC needs it`,
    { hint: FRAME_COUNT_HINT },
  );
}

/**
 * Temporal instances from the release rows (in time order): 'release' = one per row; N = N groups
 * of consecutive rows split as RTFM's `process_feat` does (boundaries floor(i R / N); an empty
 * group takes row floor(i R / N)). A videolet spans its rows' frames; the last one is extended to
 * the video's end so every frame gets a score.
 */
export function releaseVideolets(
  cols: Pick<ClipFeatureColumns, 'clipStart' | 'clipEnd'>,
  segments: ImportFeaturesConfig['segments'],
  frameCount: number,
): Videolet[] {
  const R = cols.clipStart.length;
  const groups: Array<[number, number]> =
    segments === 'release'
      ? Array.from({ length: R }, (_, i) => [i, i + 1])
      : Array.from({ length: segments }, (_, i) => {
          const a = Math.floor((i * R) / segments);
          const b = Math.floor(((i + 1) * R) / segments);
          return b > a ? [a, b] : [Math.min(a, R - 1), Math.min(a, R - 1) + 1];
        });
  const out = groups.map(([a, b], index) => {
    let s = Infinity,
      e = -Infinity;
    for (let r = a; r < b; r++) {
      s = Math.min(s, cols.clipStart[r]!);
      e = Math.max(e, cols.clipEnd[r]!);
    }
    return { index, startFrame: s, endFrame: e };
  });
  const last = out[out.length - 1]!;
  last.endFrame = Math.max(last.endFrame, frameCount);
  return out;
}

/** Paths the stage writes for one video. */
export interface ImportVideoOutputs {
  clipFeatures: string;
  videolets: string;
  tubes: string;
}

/**
 * One video: read its public feature file, write `clip-features` (whole-frame rows, source -1),
 * `videolets` (the release's segments, see releaseVideolets) and an empty `tubes` artifact (no
 * detections in a temporal-only setup; the trainer then gives the video one whole-frame tube).
 */
export function importVideoFeatures(
  cfg: ImportFeaturesConfig,
  video: VideoEntry,
  datasetDir: string,
  out: ImportVideoOutputs,
  log: Logger = silentLogger,
): { frames: number; rows: number; dim: number; frameSource: string } {
  const file = featureFileFor(cfg, video, datasetDir);
  if (!existsSync(file))
    throw new InputError(`${cfg.format} feature file of video '${video.id}' not found`, {
      file,
      hint: `put the release's file there (pattern '${cfg.pattern}' under '${cfg.dir}') or set pattern`,
    });
  const fc = frameCountFor(cfg, video, datasetDir);
  let cols: ClipFeatureColumns;
  if (cfg.format === 'sultani-txt') {
    const first =
      readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .find((l) => l.trim()) ?? '';
    const dim =
      cfg.dim ??
      first
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean).length;
    cols = importSultaniText(file, fc.frames!, { dim });
  } else {
    cols = importRtfmNpy(file, fc.frames ?? undefined);
    if (cfg.dim !== null && cols.dim !== cfg.dim)
      throw new InputError(`feature dimension ${cols.dim}, expected ${cfg.dim}`, {
        file,
        hint: 'check the release (RTFM I3D: 2048) or set dim',
      });
    const snippetsEnd = cols.clipStart.length * RELEASE_CLIP_FRAMES;
    if (fc.frames !== null && Math.abs(snippetsEnd - fc.frames) > 2 * RELEASE_CLIP_FRAMES)
      log.warn(
        `${video.id}: ${cols.clipStart.length} snippets (${snippetsEnd} frames) but the frame-count ` +
          `file says ${fc.frames}; check that they belong together`,
      );
  }
  assertFiniteClipFeatures(cols, file);
  const frames = fc.frames ?? cols.clipStart.length * RELEASE_CLIP_FRAMES;
  if (fc.source === 'nominal')
    log.debug(
      `${video.id}: no frame count; nominal ${frames} frames (train video: only relative segment positions matter)`,
    );
  const info: VideoInfo = { width: 0, height: 0, fps: cfg.fps, frameCount: frames };
  const lineage: Lineage = {
    stage: 'import-features',
    codeVersion: `${PACKAGE}@${IMPORT_FEATURES_STAGE_VERSION}`,
    paramsHash: hashJson(cfg),
    inputs: { features: sha256(readFileSync(file)) },
    videoId: video.id,
  };
  writeClipFeatures(out.clipFeatures, info, cols, lineage);
  writeVideolets(out.videolets, info, releaseVideolets(cols, cfg.segments, frames), lineage);
  writeTubes(out.tubes, info, [], lineage);
  return { frames, rows: cols.source.length, dim: cols.dim, frameSource: fc.source };
}

/** The preflight's per-video view: the feature file, the frame-count file, and a missing frame count. */
function videoFiles(cfg: ImportFeaturesConfig, video: VideoEntry, datasetDir: string): StageVideoFile[] {
  const dir = fromDataset(datasetDir, cfg.dir);
  const out: StageVideoFile[] = [];
  if (!existsSync(dir)) {
    out.push({
      name: 'features-dir',
      what: `${cfg.format} features directory (dir)`,
      path: dir,
      hint: `put the release's per-video files in ${dir} (relative dir resolves against the dataset manifest's folder)`,
    });
  } else {
    out.push({
      name: 'features',
      what: `${cfg.format} feature file (pattern '${cfg.pattern}')`,
      path: featureFileFor(cfg, video, datasetDir),
      hint:
        `one file per video in ${dir}, named by the pattern ({name} = the video's file name without ` +
        `extension); set params.pattern if your release names them differently`,
    });
  }
  if (cfg.frameCounts) {
    const f = fromDataset(datasetDir, cfg.frameCounts);
    out.push({ name: 'frame-counts', what: 'frame-count file (frameCounts)', path: f, hint: FRAME_COUNT_HINT });
    if (!existsSync(f)) return out;
  }
  try {
    frameCountFor(cfg, video, datasetDir);
  } catch {
    out.push({
      name: 'frame-count',
      what: `frame count of a test video${cfg.frameCounts ? ` (not in ${cfg.frameCounts})` : ''}`,
      missing: 'sultani-txt features do not record the length',
      hint: FRAME_COUNT_HINT,
    });
  }
  return out;
}

/**
 * Public feature releases as the pipeline's per-video artifacts: `clip-features`, `videolets`,
 * `tubes` (empty). Runs on every split; reads no video. Every path is relative to the dataset
 * manifest's folder. The feature files (and the frame-count file) are hashed into each video's
 * cache key by the runner, and checked before anything runs.
 */
export const importFeaturesStage: VideoStage<ImportFeaturesConfig> = Object.freeze({
  scope: 'video' as const,
  name: 'import-features',
  package: PACKAGE,
  version: IMPORT_FEATURES_STAGE_VERSION,
  inputs: [] as const,
  outputs: ['clip-features', 'videolets', 'tubes'] as const,
  doc:
    "public per-video features (Sultani's 32-segment C3D text, RTFM's I3D .npy) as whole-frame clip " +
    "features, the release's segments as videolets, and no tubes (temporal branch only)",
  normalizeParams: normalizeImportFeaturesConfig,
  videoFiles,
  async run(ctx: VideoStageContext<ImportFeaturesConfig>) {
    const r = importVideoFeatures(
      ctx.params,
      ctx.video,
      ctx.datasetDir,
      {
        clipFeatures: ctx.outputPath('clip-features'),
        videolets: ctx.outputPath('videolets'),
        tubes: ctx.outputPath('tubes'),
      },
      ctx.log,
    );
    ctx.log.debug(`${ctx.video.id}: ${r.rows} rows x ${r.dim}, ${r.frames} frames (${r.frameSource})`);
  },
});
