import type { Box, Tube } from '@wsstad/core';
import { extractClipFeatures } from './extract';
import { syntheticVideo, walker } from './test-utils';
import type { ClipBackbone, ClipGridConfig } from './types';

interface Rec {
  frame: number;
  box: Box | null;
  hadPrev: boolean;
}

/** Records which frames and boxes each clip saw; feature = [first frame, last frame, count]. */
function probe(batchSize = 1): ClipBackbone<Rec> & { clips: Rec[][] } {
  const clips: Rec[][] = [];
  return {
    id: 'probe',
    dim: 3,
    batchSize,
    clips,
    frameRecord: (cur, prev, region) => ({ frame: cur.index, box: region.box, hadPrev: prev !== null }),
    async clipFeatures(cs) {
      clips.push(...cs.map((c) => [...c]));
      return cs.map((c) => Float32Array.of(c[0]!.frame, c[c.length - 1]!.frame, c.length));
    },
    dispose() {},
  };
}

const GRID: ClipGridConfig = { clipLength: 16, stride: 16, minTailFrames: 4 };
const obj = walker((f) => 10 + f, 10);
const spans = (cf: { source: Int32Array; clipStart: Int32Array; clipEnd: Int32Array }, src: number) =>
  Array.from(cf.source).flatMap((s, i) => (s === src ? [[cf.clipStart[i]!, cf.clipEnd[i]!]] : []));

function tube(id: number, frames: number[], box: (f: number) => Box = (f) => obj.boxAt(f)!): Tube {
  return {
    id,
    kind: 'unary',
    category: 'person',
    frames,
    boxes: frames.map(box),
    scores: frames.map(() => 1),
    score: 1,
  };
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('extractClipFeatures', () => {
  it('puts whole-frame clips on a grid from frame 0 and keeps a tail of at least minTailFrames', async () => {
    const cf = await extractClipFeatures(syntheticVideo(32, 24, 40, []), [], probe(), { grid: GRID, wholeFrame: true });
    expect(spans(cf, -1)).toEqual([
      [0, 16],
      [16, 32],
      [32, 40],
    ]);
    const cf2 = await extractClipFeatures(syntheticVideo(32, 24, 35, []), [], probe(), {
      grid: GRID,
      wholeFrame: true,
    });
    expect(spans(cf2, -1)).toEqual([
      [0, 16],
      [16, 32],
    ]);
  });

  it('overlapping stride: every clip is a full window except a tail reaching past the last', async () => {
    const cf = await extractClipFeatures(syntheticVideo(32, 24, 40, []), [], probe(3), {
      grid: { ...GRID, stride: 8 },
      wholeFrame: true,
    });
    expect(spans(cf, -1)).toEqual([
      [0, 16],
      [8, 24],
      [16, 32],
      [24, 40],
    ]);
    expect(Array.from(cf.features.subarray(3 * 3, 4 * 3))).toEqual([24, 39, 16]);
  });

  it('a video shorter than one clip gives one short clip; frames are decoded once', async () => {
    const video = syntheticVideo(32, 24, 10, [obj]);
    const p = probe();
    const cf = await extractClipFeatures(video, [tube(4, range(2, 9))], p, { grid: GRID, wholeFrame: true });
    expect(spans(cf, -1)).toEqual([[0, 10]]);
    expect(spans(cf, 4)).toEqual([[2, 9]]);
    expect(video.decoded).toBe(10);
  });

  it('region clips start at the tube start, follow its boxes and hold the last box over gaps', async () => {
    const frames = [...range(5, 12), ...range(14, 30)];
    const p = probe();
    const cf = await extractClipFeatures(syntheticVideo(64, 48, 40, [obj]), [tube(7, frames)], p, {
      grid: GRID,
      wholeFrame: false,
    });
    expect(spans(cf, 7)).toEqual([
      [5, 21],
      [21, 30],
    ]);
    const first = p.clips[0]!;
    expect(first.map((r) => r.frame)).toEqual(range(5, 21));
    expect(first[0]!.hadPrev).toBe(false); // no motion into a tube's first frame
    expect(first[1]!.hadPrev).toBe(true);
    expect(first[7]!.box).toEqual(obj.boxAt(11)); // frame 12 is a gap: frame 11's box
    expect(first[8]!.box).toEqual(obj.boxAt(11));
    expect(first[9]!.box).toEqual(obj.boxAt(14));
  });

  it('tubes reaching past the decoded frames are closed at the last frame', async () => {
    const cf = await extractClipFeatures(
      syntheticVideo(32, 24, 20, []),
      [tube(1, range(10, 40), () => [0, 0, 8, 8])],
      probe(),
      { grid: GRID, wholeFrame: false },
    );
    expect(spans(cf, 1)).toEqual([[10, 20]]);
  });
});
