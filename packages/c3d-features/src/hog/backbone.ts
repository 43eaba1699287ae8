import { squareContext, type Box } from '@wsstad/core';
import { sampleGray } from '../image';
import { loadOpenCv, type OpenCv as Cv, type CvMat } from '@wsstad/video';
import type { ClipBackbone, FrameView, HogHofMbhConfig, RegionInput } from '../types';
import { clipDescriptor, hogHofMbhDim } from './clip';
import { frameRecord, type HogFrameRecord } from './frame';

export const HOG_HOF_MBH_VERSION = 'hog-hof-mbh-v1';

/** OpenCV inputs/output of one crop size, and a JS copy of the flow (read before the next OpenCV call). */
interface FlowBuffers {
  prev: CvMat;
  next: CvMat;
  flow: CvMat;
  w: number;
  h: number;
  out: Float32Array;
}

/**
 * The weight-free backbone: HOG + HOF + MBH (Wang et al.'s dense-trajectory descriptors, here
 * computed densely over the region rather than along trajectories) pooled over a gridX x gridY x
 * temporalCells grid, plus velocity/acceleration/jitter statistics of the region's motion.
 * Flow is OpenCV's Farneback on small crops: a tube's crop of frames f-1 and f both use the
 * box of frame f, so the object's own translation shows up as flow.
 */
export async function createHogHofMbhBackbone(
  cfg: HogHofMbhConfig,
  contextMargin: number,
): Promise<ClipBackbone<HogFrameRecord>> {
  const { cv } = await loadOpenCv();
  const buffers = new Map<string, FlowBuffers>();
  const bufferFor = (w: number, h: number): FlowBuffers => {
    const key = `${w}x${h}`;
    let b = buffers.get(key);
    if (!b)
      buffers.set(
        key,
        (b = {
          prev: new cv.Mat(h, w, cv.CV_8UC1),
          next: new cv.Mat(h, w, cv.CV_8UC1),
          flow: new cv.Mat(),
          w,
          h,
          out: new Float32Array(w * h * 2),
        }),
      );
    return b;
  };
  const nCells = cfg.gridX * cfg.gridY;
  const grid = `${cfg.gridX}x${cfg.gridY}x${cfg.temporalCells}`;
  // Work shared between regions and frames: a crop of one frame with one (context) box is sampled
  // once (the whole frame's crop of frame f is the "previous" crop at f + 1; a still tube's too),
  // and regions with the same crop box in one frame (a multivariate tube whose cluster is one
  // detection has that detection's box) share one record. Keys are exact, so features are the same.
  let curFrame: FrameView | null = null,
    prevFrame: FrameView | null = null;
  let curCrops = new Map<string, Uint8Array>(),
    prevCrops = new Map<string, Uint8Array>();
  const records = new Map<string, HogFrameRecord>();
  const cropOf = (
    frame: FrameView,
    crops: Map<string, Uint8Array>,
    key: string,
    box: Box,
    w: number,
    h: number,
  ): Uint8Array => {
    let c = crops.get(key);
    if (!c) crops.set(key, (c = sampleGray(frame.gray(), frame.width, frame.height, box, w, h)));
    return c;
  };
  return {
    id: `${HOG_HOF_MBH_VERSION}/${grid}`,
    dim: hogHofMbhDim(cfg.gridX, cfg.gridY, cfg.temporalCells),
    batchSize: 1,
    frameRecord(cur: FrameView, prev: FrameView | null, region: RegionInput): HogFrameRecord {
      if (cur !== curFrame) {
        [prevFrame, prevCrops] = [curFrame, curCrops];
        curFrame = cur;
        curCrops = new Map();
        records.clear();
      }
      const whole = region.box === null;
      const w = whole ? cfg.frameWidth : cfg.tubeSize;
      const h = whole ? cfg.frameHeight : cfg.tubeSize;
      const box: Box = region.box ? squareContext(region.box, contextMargin) : [0, 0, cur.width, cur.height];
      const withFlow = prev !== null && !region.first;
      const key = `${w}x${h}:${box[0]},${box[1]},${box[2]},${box[3]}`;
      const recKey = withFlow ? `${key}<${prev.index}` : key;
      const shared = records.get(recKey);
      if (shared) return { ...shared, box: region.box };
      const gray = cropOf(cur, curCrops, key, box, w, h);
      let flow: Float32Array | null = null;
      if (withFlow) {
        const b = bufferFor(w, h);
        b.prev.data.set(
          prev === prevFrame
            ? cropOf(prev, prevCrops, key, box, w, h)
            : sampleGray(prev.gray(), prev.width, prev.height, box, w, h),
        );
        b.next.data.set(gray);
        flow = farneback(cv, b, cfg);
      }
      const rec = frameRecord(gray, flow, w, h, cfg.gridX, cfg.gridY, region.box);
      records.set(recKey, rec);
      return rec;
    },
    async clipFeatures(clips) {
      return clips.map((recs) => clipDescriptor(recs, nCells, cfg.temporalCells, cfg.tubeSize, cfg.hogWeight));
    },
    dispose() {
      for (const b of buffers.values()) {
        b.prev.delete();
        b.next.delete();
        b.flow.delete();
      }
      buffers.clear();
      curCrops.clear();
      prevCrops.clear();
      records.clear();
      curFrame = prevFrame = null;
    },
  };
}

function farneback(cv: Cv, b: FlowBuffers, cfg: HogHofMbhConfig): Float32Array {
  const f = cfg.flow;
  cv.calcOpticalFlowFarneback(
    b.prev,
    b.next,
    b.flow,
    f.pyrScale,
    f.levels,
    f.winsize,
    f.iterations,
    f.polyN,
    f.polySigma,
    0,
  );
  // copy out of the WASM heap (the view is invalidated if the heap grows), into a reused buffer:
  // the flow is consumed by frameRecord before the next call
  b.out.set(b.flow.data32F.subarray(0, b.w * b.h * 2));
  return b.out;
}
