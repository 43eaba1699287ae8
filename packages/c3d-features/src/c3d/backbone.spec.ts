import type { C3dArch } from './arch';
import { createC3dBackbone, wholeFrameCropBox } from './backbone';
import type { C3dModel } from './model';
import { extractClipFeatures } from '../extract';
import { renderFrame, syntheticVideo, tubeOf, walker } from '../test-utils';
import { frameView } from '../image';

const ARCH: C3dArch = { clipLength: 16, inputSize: 8, channels: [1, 1, 1, 1, 1, 1, 1, 1], fc6: 2 };

/** A stand-in model that keeps its inputs: C3D's preprocessing and batching are what is tested here. */
function recordingModel(): C3dModel & { inputs: Float32Array[] } {
  const inputs: Float32Array[] = [];
  return {
    arch: ARCH,
    origin: '/models/fake.onnx',
    provider: 'cpu',
    inputs,
    async run(x, n) {
      inputs.push(x.slice());
      return new Float32Array(n * ARCH.fc6).fill(1);
    },
    async dispose() {},
  };
}

const PLANE = ARCH.inputSize ** 2;
const frameSlice = (x: Float32Array, clip: number, c: number, t: number) => {
  const per = 3 * ARCH.clipLength * PLANE;
  return Array.from(
    x.subarray(clip * per + (c * ARCH.clipLength + t) * PLANE, clip * per + (c * ARCH.clipLength + t + 1) * PLANE),
  );
};

describe('C3D backbone preprocessing', () => {
  it('pads a short tube clip by repeating its last frame (NCDHW layout)', async () => {
    const model = recordingModel();
    const bb = createC3dBackbone(model, { channelOrder: 'rgb', mean: [0, 0, 0], contextMargin: 0.2, batchSize: 4 });
    const o = walker((f) => 10 + 3 * f, 20);
    const cf = await extractClipFeatures(syntheticVideo(96, 72, 30, [o]), [tubeOf(2, o, 3, 13)], bb, {
      grid: { clipLength: 16, stride: 16, minTailFrames: 4 },
      wholeFrame: false,
    });
    expect(Array.from(cf.clipEnd)).toEqual([13]);
    const x = model.inputs[0]!;
    for (let t = 10; t < 16; t++)
      for (let c = 0; c < 3; c++) expect(frameSlice(x, 0, c, t)).toEqual(frameSlice(x, 0, c, 9));
    expect(frameSlice(x, 0, 0, 9)).not.toEqual(frameSlice(x, 0, 0, 0)); // the object moved: real frames differ
    expect(bb.id).toBe('c3d-fc6/fake.onnx');
  });

  it('batches clips and subtracts the mean in the chosen channel order', async () => {
    const model = recordingModel();
    const bb = createC3dBackbone(model, { channelOrder: 'bgr', mean: [10, 20, 30], contextMargin: 0, batchSize: 2 });
    const red = { color: [200, 0, 0] as [number, number, number], boxAt: () => [0, 0, 64, 48] as const };
    const cf = await extractClipFeatures(syntheticVideo(64, 48, 48, [red]), [], bb, {
      grid: { clipLength: 16, stride: 16, minTailFrames: 4 },
      wholeFrame: true,
    });
    expect(cf.source.length).toBe(3);
    expect(model.inputs.map((x) => x.length / (3 * 16 * PLANE))).toEqual([2, 1]);
    const x = model.inputs[0]!;
    // BGR: channel 0 is blue (0 - 10), channel 2 is red (positive after subtracting 30)
    expect(Math.max(...frameSlice(x, 0, 0, 0))).toBe(-10);
    expect(Math.min(...frameSlice(x, 0, 2, 0))).toBeGreaterThan(0);
  });

  it('crops a box at the frame border by replicating edge pixels', () => {
    const bb = createC3dBackbone(recordingModel(), {
      channelOrder: 'rgb',
      mean: [0, 0, 0],
      contextMargin: 0.5,
      batchSize: 1,
    });
    const o = walker(() => -4, 30, 10, 10, [250, 250, 250]);
    const rec = bb.frameRecord(frameView(renderFrame(64, 48, 0, [o])), null, { box: o.boxAt(0), first: true });
    expect(rec.length).toBe(3 * PLANE);
    expect(rec.every(Number.isFinite)).toBe(true);
  });

  it('uses the C3D resize-128x171 + centre-crop-112 convention for whole frames', () => {
    const box = wholeFrameCropBox(171, 128);
    [29, 8, 141, 120].forEach((v, i) => expect(box[i]).toBeCloseTo(v, 9));
  });
});
