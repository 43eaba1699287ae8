import {
  InputError,
  WHOLE_FRAME_SOURCE,
  type Box,
  type ClipFeatureColumns,
  type Logger,
  type Tube,
} from '@wsstad/core';
import type { VideoSource } from '@wsstad/video';
import { frameView } from './image';
import type { ClipBackbone, ClipGridConfig, FrameView } from './types';

/** One region stream: the whole frame or one tube, with its clip grid and a ring of per-frame records. */
interface SourceState<R> {
  source: number;
  start: number;
  /** Exclusive; Infinity for the whole frame (ends with the video). */
  end: number;
  tube: Tube | null;
  ptr: number;
  box: Box | null;
  ring: R[];
  /** Starts of clips not yet emitted. */
  open: number[];
  emitted: number;
  lastEnd: number;
  lastFrame: number;
}

interface PendingClip<R> {
  source: number;
  start: number;
  end: number;
  records: R[];
}

export interface ExtractOptions {
  grid: ClipGridConfig;
  wholeFrame: boolean;
  log?: Logger;
  signal?: AbortSignal;
  /** Called after each decoded frame with its index (progress display). */
  onFrame?: (index: number) => void;
}

/**
 * One pass over a video's frames computes every clip of the whole frame and of every tube.
 * Whole-frame clips lie on a fixed grid from frame 0, region clips on a grid from the tube's first
 * frame (stride `grid.stride`); only the last clipLength per-frame records of each region are
 * kept. A clip cut short by the end of its source keeps its real frames (clipEnd says where it
 * ends); what a backbone does with a short clip is its own (C3D pads by repeating the last frame).
 */
export async function extractClipFeatures<R>(
  video: VideoSource,
  tubes: readonly Tube[],
  backbone: ClipBackbone<R>,
  opts: ExtractOptions,
): Promise<ClipFeatureColumns> {
  const L = opts.grid.clipLength;
  const states: Array<SourceState<R>> = [];
  const mk = (source: number, start: number, end: number, tube: Tube | null): SourceState<R> => ({
    source,
    start,
    end,
    tube,
    ptr: 0,
    box: null,
    ring: new Array<R>(L),
    open: [],
    emitted: 0,
    lastEnd: -1,
    lastFrame: -1,
  });
  if (opts.wholeFrame) states.push(mk(WHOLE_FRAME_SOURCE, 0, Infinity, null));
  for (const t of [...tubes].sort((a, b) => a.id - b.id)) {
    if (t.frames.length === 0) continue;
    states.push(mk(t.id, t.frames[0]!, t.frames[t.frames.length - 1]! + 1, t));
  }
  const rows: Array<{ source: number; start: number; end: number; feature: Float32Array }> = [];
  let pending: Array<PendingClip<R>> = [];
  const flush = async () => {
    if (!pending.length) return;
    const feats = await backbone.clipFeatures(pending.map((p) => p.records));
    pending.forEach((p, i) => rows.push({ source: p.source, start: p.start, end: p.end, feature: feats[i]! }));
    pending = [];
  };
  const emit = (s: SourceState<R>, start: number, end: number) => {
    const records: R[] = [];
    for (let f = start; f < end; f++) records.push(s.ring[(f - s.start) % L]!);
    pending.push({ source: s.source, start, end, records });
    s.emitted++;
    s.lastEnd = end;
  };
  /**
   * Close a source's open clips at `end`: keep a partial clip if it is the only one, or long enough and reaching past
   * the last.
   */
  const close = (s: SourceState<R>, end: number) => {
    for (const start of s.open) {
      const len = end - start;
      if (len <= 0) continue;
      if (s.emitted === 0 || (len >= opts.grid.minTailFrames && end > s.lastEnd)) emit(s, start, end);
    }
    s.open = [];
  };
  let prev: FrameView | null = null;
  let frames = 0;
  for await (const frame of video.frames()) {
    if (opts.signal?.aborted) throw new InputError('feature extraction aborted', { file: video.uri });
    const cur = frameView(frame);
    const f = cur.index;
    for (const s of states) {
      if (f < s.start || f >= s.end) continue;
      const region = {
        box: s.tube ? boxAt(s, f) : null,
        first: f === s.start || prev === null || prev.index !== f - 1,
      };
      s.ring[(f - s.start) % L] = backbone.frameRecord(cur, region.first ? null : prev, region);
      s.lastFrame = f;
      if ((f - s.start) % opts.grid.stride === 0) s.open.push(f);
      while (s.open.length && s.open[0]! + L - 1 === f) emit(s, s.open.shift()!, f + 1);
      if (f === s.end - 1) close(s, s.end);
    }
    if (pending.length >= backbone.batchSize) await flush();
    prev = cur;
    frames++;
    opts.onFrame?.(f);
  }
  for (const s of states) if (s.open.length) close(s, s.lastFrame + 1);
  await flush();
  if (frames === 0)
    throw new InputError('the video yielded no frames', {
      file: video.uri,
      hint: 'check that the file decodes (wsstad inspect-video) and is not empty',
    });
  const skipped = states.filter((s) => s.emitted === 0 && s.source !== WHOLE_FRAME_SOURCE);
  if (skipped.length)
    opts.log?.warn(
      `${video.uri}: ${skipped.length} tube(s) lie outside the decoded frames and got no clips: ` +
        `${skipped.map((s) => s.source).join(', ')}`,
    );
  return toColumns(rows, backbone.id, backbone.dim);
}

/** The tube's box at frame f; inside a gap of the tube, the last box before it is held. */
function boxAt<R>(s: SourceState<R>, f: number): Box {
  const t = s.tube!;
  while (s.ptr < t.frames.length && t.frames[s.ptr]! <= f) s.box = t.boxes[s.ptr++]!;
  return s.box ?? t.boxes[0]!;
}

function toColumns(
  rows: Array<{ source: number; start: number; end: number; feature: Float32Array }>,
  id: string,
  d: number,
): ClipFeatureColumns {
  rows.sort((a, b) => (a.source === b.source ? a.start - b.start : a.source - b.source));
  const n = rows.length;
  const cols: ClipFeatureColumns = {
    backbone: id,
    dim: d,
    source: new Int32Array(n),
    clipStart: new Int32Array(n),
    clipEnd: new Int32Array(n),
    features: new Float32Array(n * d),
  };
  rows.forEach((r, i) => {
    if (r.feature.length !== d)
      throw new RangeError(`backbone ${id} returned ${r.feature.length} values, expected ${d}`);
    cols.source[i] = r.source;
    cols.clipStart[i] = r.start;
    cols.clipEnd[i] = r.end;
    cols.features.set(r.feature, i * d);
  });
  return cols;
}
