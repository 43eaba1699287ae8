import { squareContext, type Box } from '@wsstad/core';
import { sampleRgbPlanar } from '../image';
import type { ClipBackbone, FrameView, RegionInput } from '../types';
import type { C3dModel } from './model';

/** C3D's frame convention: resize to 128 x 171 (h x w), centre crop 112 x 112; as fractions of the frame. */
const RESIZE_H = 128;
const RESIZE_W = 171;
const CROP = 112;
const CROP_X0 = Math.floor((RESIZE_W - CROP) / 2) / RESIZE_W;
const CROP_Y0 = Math.floor((RESIZE_H - CROP) / 2) / RESIZE_H;

export interface C3dPreprocess {
  channelOrder: 'rgb' | 'bgr';
  mean: readonly [number, number, number];
  contextMargin: number;
  batchSize: number;
}

/** The source-pixel box C3D sees of a whole frame: the centre 112 x 112 of the frame resized to 128 x 171. */
export function wholeFrameCropBox(width: number, height: number): Box {
  return [CROP_X0 * width, CROP_Y0 * height, (CROP_X0 + CROP / RESIZE_W) * width, (CROP_Y0 + CROP / RESIZE_H) * height];
}

/**
 * C3D as a clip backbone. Per frame and region it keeps the preprocessed input slice
 * (3 x S x S floats, mean-subtracted, in the network's channel order): whole frames by the C3D
 * resize + centre-crop convention, tube regions as the square context box of the tube's box in
 * that frame resized to S x S (the margin plays the role of the crop's context). A clip shorter
 * than clipLength is padded by repeating its last frame.
 */
export function createC3dBackbone(model: C3dModel, pre: C3dPreprocess): ClipBackbone<Float32Array> {
  const { clipLength: T, inputSize: S, fc6 } = model.arch;
  const plane = S * S;
  return {
    id: `c3d-fc6/${model.origin.split(/[\\/]/).pop()}`,
    dim: fc6,
    batchSize: pre.batchSize,
    frameRecord(cur: FrameView, _prev: FrameView | null, region: RegionInput): Float32Array {
      const box = region.box ? squareContext(region.box, pre.contextMargin) : wholeFrameCropBox(cur.width, cur.height);
      const out = new Float32Array(3 * plane);
      sampleRgbPlanar(cur.rgb, cur.width, cur.height, box, S, S, pre.channelOrder === 'bgr', pre.mean, out, 0, plane);
      return out;
    },
    async clipFeatures(clips) {
      const feats: Float32Array[] = [];
      for (let b = 0; b < clips.length; b += pre.batchSize) {
        const chunk = clips.slice(b, b + pre.batchSize);
        const per = 3 * T * plane;
        const x = new Float32Array(chunk.length * per);
        chunk.forEach((recs, n) => {
          for (let t = 0; t < T; t++) {
            const r = recs[Math.min(t, recs.length - 1)]!;
            for (let c = 0; c < 3; c++) x.set(r.subarray(c * plane, (c + 1) * plane), n * per + (c * T + t) * plane);
          }
        });
        const y = await model.run(x, chunk.length);
        for (let n = 0; n < chunk.length; n++) feats.push(y.slice(n * fc6, (n + 1) * fc6));
      }
      return feats;
    },
    dispose() {
      void model.dispose();
    },
  };
}
