import { InputError, type Logger } from '@wsstad/core';
import type { GroundTruth, VideoSource } from '@wsstad/video';
import type { FrameReader } from './report/html';
import type { RawFrame } from './report/frames';

/** Reads one ground-truth file (`@wsstad/video`'s readGroundTruth by default; tests pass their own). */
export type GroundTruthReader = (path: string) => GroundTruth | Promise<GroundTruth>;

/** `@wsstad/video` is imported when first used: the evaluator's metrics never need the decoder. */
const videoModule = (): Promise<typeof import('@wsstad/video')> => import('@wsstad/video');

export const readGroundTruthDefault: GroundTruthReader = async (path) => (await videoModule()).readGroundTruth(path);

/**
 * A frame reader over `@wsstad/video`'s openVideo (frames decoded on demand, one short range per
 * key frame). Returns null (report draws boxes on a blank canvas) when the module cannot open the video.
 */
export function createFrameReader(uris: ReadonlyMap<string, string>, baseDir: string, log?: Logger): FrameReader {
  let warned = false;
  return async (videoId, frame) => {
    const uri = uris.get(videoId);
    if (!uri) return null;
    let src: VideoSource | undefined;
    try {
      src = await (await videoModule()).openVideo(uri, { baseDir });
      for await (const f of src.frames({ start: frame, end: frame + 1 }))
        return { width: f.width, height: f.height, data: f.data } as RawFrame;
      throw new InputError(`frame ${frame} not found`);
    } catch (e) {
      if (!warned)
        log?.warn(
          `report: cannot decode frames (${(e as Error).message.split('\n')[0]}); drawing boxes on blank canvases`,
        );
      warned = true;
      return null;
    } finally {
      src?.close();
    }
  };
}
