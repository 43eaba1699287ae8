import { hashJson, type VideoEntry } from '@wsstad/core';
import type { PlannedStage } from './types';

/**
 * Per-video cache key: implementation name (not the instance name, so two pipelines with the
 * same stage, params and inputs share entries), code version, normalised params hash, the
 * CONTENT hashes of this video's inputs (early cutoff), the manifest entry, the video file's
 * content hash where hashed, and the seed.
 */
export function videoKey(s: PlannedStage, codeVersion: string, inputs: Record<string, string>, video: VideoEntry, videoContent: string | undefined, seed: number): string {
  return hashJson({ v: 1, stage: s.uses, code: codeVersion, params: s.paramsHash, inputs, video, videoContent: videoContent ?? null, seed });
}

/** Dataset-level key: all inputs of all selected videos plus dataset-level inputs. */
export function datasetKey(s: PlannedStage, codeVersion: string, inputs: Record<string, string>, videos: Array<[VideoEntry, Record<string, string>]>, seed: number): string {
  return hashJson({ v: 1, stage: s.uses, code: codeVersion, params: s.paramsHash, inputs, videos: videos.map(([v, i]) => [v, i]), seed });
}

/** Deterministic shard of a video: first 8 hex digits of sha256(id), mod count. */
export function shardOf(videoId: string, count: number): number {
  return parseInt(hashJson(videoId).slice(0, 8), 16) % count;
}

/** Does the stage run on this video's split? */
export function inSplits(s: PlannedStage, v: VideoEntry): boolean {
  return !s.splits || s.splits.includes(v.split);
}
