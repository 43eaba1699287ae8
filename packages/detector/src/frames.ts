import { InputError } from '@wsstad/core';
import type { Frame, VideoSource } from '@wsstad/video';

export type FrameInput = VideoSource | Iterable<Frame> | AsyncIterable<Frame>;

function isSource(x: FrameInput): x is VideoSource {
  return typeof (x as VideoSource).frames === 'function' && typeof (x as VideoSource).info === 'object';
}

/**
 * Frames of a detector input, checked: RGB24 of the declared size, strictly increasing indices
 * (stateful detectors rely on the order).
 */
export async function* frameStream(input: FrameInput, signal?: AbortSignal): AsyncGenerator<Frame> {
  const it: AsyncIterable<Frame> | Iterable<Frame> = isSource(input) ? input.frames() : input;
  let last = -1;
  for await (const f of it) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (f.data.length !== f.width * f.height * 3) {
      throw new InputError(
        `frame ${f.index} has ${f.data.length} bytes, expected width*height*3 = ${f.width}*${f.height}*3`,
        { hint: 'frames must be RGB24' },
      );
    }
    if (f.index <= last)
      throw new InputError(`frame ${f.index} after frame ${last}: frames must come in increasing index order`, {
        hint: 'detect one video per call',
      });
    last = f.index;
    yield f;
  }
}
