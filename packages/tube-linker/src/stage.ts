import { existsSync } from 'node:fs';
import {
  InputError,
  chainFrontEnd,
  hashFile,
  hashJson,
  listWorkArtifacts,
  readDetections,
  videoIdOfArtifact,
  workArtifactPath,
  writeTubes,
  writeVideolets,
  type FoundArtifact,
  type Lineage,
  type VideoStage,
  type VideoStageContext,
} from '@wsstad/core';
import { normalizeLinkConfig } from './config';
import { linkTubes } from './link';
import { summarizeTubes } from './summary';
import { makeVideolets } from './videolets';
import type { LinkConfig, LinkStats, TubeSummary } from './types';

export const LINK_STAGE_NAME = 'link';
const PACKAGE = '@wsstad/tube-linker';
/** Bumped by hand on behaviour changes the source hash cannot see. */
const VERSION = '1';

export interface LinkFileResult {
  tubesPath: string;
  videoletsPath: string;
  tubes: number;
  videolets: number;
  summary: TubeSummary[];
  stats: LinkStats;
}

/**
 * Link one detections artifact into a tubes and a videolets artifact. The lineage records this
 * stage, the normalised params' hash and the input's content hash; `videoId` when known.
 */
export async function linkDetectionsFile(
  detectionsPath: string,
  out: { tubes: string; videolets: string },
  config: LinkConfig,
  videoId?: string,
): Promise<LinkFileResult> {
  const dets = readDetections(detectionsPath);
  const { tubes, stats } = linkTubes(dets, config);
  const videolets = makeVideolets(dets.video.frameCount, config.videolets);
  const lineage: Lineage = {
    stage: LINK_STAGE_NAME,
    codeVersion: `${PACKAGE}@${VERSION}`,
    paramsHash: hashJson(config),
    inputs: { detections: await hashFile(detectionsPath) },
    frontEnd: chainFrontEnd(dets.lineage, 'link', config),
    ...(videoId !== undefined
      ? { videoId }
      : dets.lineage.videoId !== undefined
        ? { videoId: dets.lineage.videoId }
        : {}),
  };
  writeTubes(out.tubes, dets.video, tubes, lineage);
  writeVideolets(out.videolets, dets.video, videolets, lineage);
  return {
    tubesPath: out.tubes,
    videoletsPath: out.videolets,
    tubes: tubes.length,
    videolets: videolets.length,
    summary: summarizeTubes(tubes),
    stats,
  };
}

/**
 * `<outDir>/<id>/tubes.arrow` and `<outDir>/<id>/videolets.arrow` (the work-folder layout, core's
 * `workArtifactPath`) for a detections file `<id>/detections.arrow` or `<id>[.detections].arrow`.
 */
export function linkOutputPaths(detectionsPath: string, outDir: string): { tubes: string; videolets: string } {
  const id = videoIdOfArtifact(detectionsPath, 'detections');
  return { tubes: workArtifactPath(outDir, id, 'tubes'), videolets: workArtifactPath(outDir, id, 'videolets') };
}

/** The per-video pipeline stage: detections -> tubes + videolets. */
export const linkStage: VideoStage<LinkConfig> = Object.freeze({
  name: LINK_STAGE_NAME,
  package: PACKAGE,
  version: VERSION,
  scope: 'video' as const,
  readsGroundTruth: false,
  inputs: Object.freeze(['detections']),
  outputs: Object.freeze(['tubes', 'videolets']),
  doc:
    'Unary (Algorithm 1) and multivariate (Algorithm 2) tubes from per-frame detections, plus the video ' +
    'cut into 32 videolets.',
  normalizeParams: (raw: unknown) => normalizeLinkConfig(raw ?? {}),
  async run(ctx: VideoStageContext<LinkConfig>): Promise<void> {
    const r = await linkDetectionsFile(
      ctx.inputs.detections!,
      { tubes: ctx.outputPath('tubes'), videolets: ctx.outputPath('videolets') },
      ctx.params,
      ctx.video.id,
    );
    const [u, m] = r.summary;
    ctx.log.debug(
      `${ctx.video.id}: ${u!.count} unary, ${m!.count} multivariate tubes (${r.stats.capped} over the ` +
        `cap), ${r.videolets} videolets`,
    );
  },
});

/**
 * Expand CLI inputs: a file is taken as a detections artifact; a work folder contributes its
 * `<id>/detections.arrow` files (sorted by id), then deprecated flat `<id>.detections.arrow` ones
 * (flagged `legacy`). Throws InputError for a missing path or a folder without detections.
 */
export function detectionInputs(paths: readonly string[]): Array<FoundArtifact & { videoId: string }> {
  const out: Array<FoundArtifact & { videoId: string }> = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      const hint = 'pass a work folder from `wsstad detect` or detections .arrow files';
      throw new InputError(`no such file or directory`, { file: p, hint });
    }
    const found = listWorkArtifacts(p, 'detections');
    if (!found.length) {
      const hint = 'run `wsstad detect <manifest> --out <this folder>` first, or pass the detections files themselves';
      throw new InputError('folder holds no <videoId>/detections.arrow files', { file: p, hint });
    }
    out.push(...found);
  }
  return out;
}
