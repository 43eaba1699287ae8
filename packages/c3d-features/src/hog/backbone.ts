import { squareContext, type Box } from '@wsstad/core';
import { sampleGray } from '../image';
import { loadOpenCv, type Cv, type CvMat } from '../opencv';
import type { ClipBackbone, FrameView, HogHofMbhConfig, RegionInput } from '../types';
import { clipDescriptor, hogHofMbhDim } from './clip';
import { frameRecord, type HogFrameRecord } from './frame';

export const HOG_HOF_MBH_VERSION = 'hog-hof-mbh-v1';

interface FlowBuffers { prev: CvMat; next: CvMat; flow: CvMat; w: number; h: number }

/**
 * The weight-free backbone: HOG + HOF + MBH (Wang et al.'s dense-trajectory descriptors, here
 * computed densely over the region rather than along trajectories) pooled over a gridX x gridY x
 * temporalCells grid, plus velocity/acceleration/jitter statistics of the region's motion.
 * Flow is OpenCV's Farneback on small crops: a tube's crop of frames f-1 and f both use the
 * box of frame f, so the object's own translation shows up as flow.
 */
export async function createHogHofMbhBackbone(cfg: HogHofMbhConfig, contextMargin: number): Promise<ClipBackbone<HogFrameRecord>> {
  const { cv } = await loadOpenCv();
  const buffers = new Map<string, FlowBuffers>();
  const bufferFor = (w: number, h: number): FlowBuffers => {
    const key = `${w}x${h}`;
    let b = buffers.get(key);
    if (!b) buffers.set(key, (b = { prev: new cv.Mat(h, w, cv.CV_8UC1), next: new cv.Mat(h, w, cv.CV_8UC1), flow: new cv.Mat(), w, h }));
    return b;
  };
  const nCells = cfg.gridX * cfg.gridY;
  const grid = `${cfg.gridX}x${cfg.gridY}x${cfg.temporalCells}`;
  return {
    id: `${HOG_HOF_MBH_VERSION}/${grid}`,
    dim: hogHofMbhDim(cfg.gridX, cfg.gridY, cfg.temporalCells),
    batchSize: 1,
    frameRecord(cur: FrameView, prev: FrameView | null, region: RegionInput): HogFrameRecord {
      const whole = region.box === null;
      const w = whole ? cfg.frameWidth : cfg.tubeSize;
      const h = whole ? cfg.frameHeight : cfg.tubeSize;
      const box: Box = region.box ? squareContext(region.box, contextMargin) : [0, 0, cur.width, cur.height];
      const b = bufferFor(w, h);
      const gray = sampleGray(cur.gray(), cur.width, cur.height, box, w, h);
      let flow: Float32Array | null = null;
      if (prev && !region.first) {
        b.prev.data.set(sampleGray(prev.gray(), prev.width, prev.height, box, w, h));
        b.next.data.set(gray);
        flow = farneback(cv, b, cfg);
      }
      return frameRecord(gray, flow, w, h, cfg.gridX, cfg.gridY, region.box);
    },
    async clipFeatures(clips) {
      return clips.map((recs) => clipDescriptor(recs, nCells, cfg.temporalCells, cfg.tubeSize, cfg.hogWeight));
    },
    dispose() {
      for (const b of buffers.values()) { b.prev.delete(); b.next.delete(); b.flow.delete(); }
      buffers.clear();
    },
  };
}

function farneback(cv: Cv, b: FlowBuffers, cfg: HogHofMbhConfig): Float32Array {
  const f = cfg.flow;
  cv.calcOpticalFlowFarneback(b.prev, b.next, b.flow, f.pyrScale, f.levels, f.winsize, f.iterations, f.polyN, f.polySigma, 0);
  // copy out of the WASM heap: the view is invalidated if the heap grows
  return Float32Array.from(b.flow.data32F.subarray(0, b.w * b.h * 2));
}
