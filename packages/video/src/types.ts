import type { Box, VideoInfo } from '@wsstad/core';

/** One decoded frame: RGB24, row-major, width * height * 3 bytes. */
export interface Frame {
  index: number;
  /** Seconds from the start of the video. */
  timestamp: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export interface FrameRange {
  /** First frame (inclusive), default 0. */
  start?: number;
  /** Last frame (exclusive), default the end. */
  end?: number;
  /** Yield every stride-th frame, default 1. */
  stride?: number;
}

/** A stream of frames. Frames are produced one at a time; a whole video is never held in memory. */
export interface VideoSource {
  uri: string;
  info: VideoInfo;
  frames(range?: FrameRange): AsyncIterable<Frame>;
  /** Warnings about this source so far (e.g. a partial decode under partialDecode 'warn'). */
  warnings?: readonly string[];
  /** Release resources (kill the decoder process). Safe to call twice. */
  close(): void;
}

/**
 * Spatio-temporal ground truth of one video (test split). Frame ranges are half-open.
 * For a normal video `event` is null. `objects` (optional) holds every object's box per frame, for
 * measuring detectors and linkers and for the oracle detector.
 */
export interface GroundTruth {
  videoId: string;
  label: 'normal' | 'abnormal';
  event: null | {
    type: string;
    startFrame: number;
    endFrame: number;
    /** Frame index of each box, within [startFrame, endFrame). */
    frames: number[];
    /** Union box of the objects involved, per frame. */
    boxes: Box[];
    /**
     * Temporal-only annotations (UCF-Crime): the abnormal frame ranges [start, end) when there are
     * several or no boxes are known; `frames`/`boxes` are then empty. Optional.
     */
    intervals?: Array<[number, number]>;
  };
  objects?: Array<{ frame: number; objectId: number; category: string; box: Box; involved: boolean }>;
}
