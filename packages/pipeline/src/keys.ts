import { hashJson, type VideoEntry } from '@wsstad/core';
import type { PlannedStage } from './types';

/**
 * Does the stage read a video's ground truth? A stage says so with `readsGroundTruth` (a flag or a
 * function of its params, e.g. the detector only with the oracle); a stage that does not say is
 * assumed to read it (the safe side for stages from elsewhere).
 */
export function readsGroundTruth(s: Pick<PlannedStage, 'def' | 'params'>): boolean {
  const r = s.def.readsGroundTruth;
  if (r === undefined) return true;
  return typeof r === 'function' ? r(s.params) : r;
}

/**
 * The manifest entry as it enters a key: without `groundTruth` for stages that do not read it, so
 * adding or fixing annotations recomputes only evaluation, never detect/link/features/train/infer.
 */
export function keyEntry(s: Pick<PlannedStage, 'def' | 'params'>, video: VideoEntry): Omit<VideoEntry, 'groundTruth'> {
  if (readsGroundTruth(s) || video.groundTruth === undefined) return video;
  const { groundTruth: _omit, ...rest } = video;
  return rest;
}

/**
 * Per-video cache key: implementation name (not the instance name, so two pipelines with the
 * same stage, params and inputs share entries), code version, normalised params hash, the
 * CONTENT hashes of this video's inputs (early cutoff), the manifest entry (ground truth only for
 * stages that read it: keyEntry), the video file's content hash where hashed, and the seed.
 */
export function videoKey(
  s: PlannedStage,
  codeVersion: string,
  inputs: Record<string, string>,
  video: VideoEntry,
  videoContent: string | undefined,
  seed: number,
): string {
  return hashJson({
    v: 2,
    stage: s.uses,
    code: codeVersion,
    params: s.paramsHash,
    inputs,
    video: keyEntry(s, video),
    videoContent: videoContent ?? null,
    seed,
  });
}

/** Dataset-level key: all inputs of all selected videos (entries as in keyEntry) plus dataset-level inputs. */
export function datasetKey(
  s: PlannedStage,
  codeVersion: string,
  inputs: Record<string, string>,
  videos: Array<[VideoEntry, Record<string, string>]>,
  seed: number,
): string {
  return hashJson({
    v: 2,
    stage: s.uses,
    code: codeVersion,
    params: s.paramsHash,
    inputs,
    videos: videos.map(([v, i]) => [keyEntry(s, v), i]),
    seed,
  });
}

/** Deterministic shard of a video: first 8 hex digits of sha256(id), mod count. */
export function shardOf(videoId: string, count: number): number {
  return parseInt(hashJson(videoId).slice(0, 8), 16) % count;
}

/** Does the stage run on this video's split? */
export function inSplits(s: PlannedStage, v: VideoEntry): boolean {
  return !s.splits || s.splits.includes(v.split);
}
