import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  createOrtSession,
  InputError,
  UnavailableError,
  type Logger,
  type OrtDevice,
  type OrtHandle,
} from '@wsstad/core';
import { C3D_ARCH, c3dTensorShapes, type C3dArch } from './arch';
import { buildC3dOnnx, C3D_INPUT, C3D_OUTPUT } from './graph';
import { readSafetensors } from './safetensors';
import { validateC3dWeights, type C3dWeights } from './weights';

/** A loaded C3D up to fc6: NCDHW float32 clips in, [n, fc6] features out. */
export interface C3dModel {
  readonly arch: C3dArch;
  /** Where the network came from (file path, or 'weights in memory'). */
  readonly origin: string;
  readonly provider: 'cuda' | 'cpu';
  /** `clips` holds n clips of 3 x clipLength x inputSize x inputSize floats. */
  run(clips: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface C3dLoadOptions {
  /** User ONNX model file. */
  onnx?: string | null;
  /** Safetensors weights file (PyTorch port names). */
  weights?: string | null;
  arch?: C3dArch;
  device?: OrtDevice;
  threads?: number;
  log?: Logger;
}

/** Load C3D from a user ONNX file or a safetensors weights file; neither given -> UnavailableError. */
export async function loadC3dModel(opts: C3dLoadOptions): Promise<C3dModel> {
  const arch = opts.arch ?? C3D_ARCH;
  if (opts.onnx) {
    if (!existsSync(opts.onnx))
      throw new InputError('C3D ONNX model file not found', {
        file: opts.onnx,
        hint: 'pass the path of an ONNX export of C3D (input [N,3,16,112,112], output [N,4096])',
      });
    let h: OrtHandle;
    try {
      h = await createOrtSession(opts.onnx, { device: opts.device, threads: threadsOf(opts.threads), log: opts.log });
    } catch (e) {
      throw new InputError(`onnxruntime cannot load the model: ${(e as Error).message.split('\n')[0]}`, {
        file: opts.onnx,
        hint:
          'export it with torch.onnx.export(model, torch.zeros(1,3,16,112,112), path, ' +
          'dynamic_axes={"input": {0: "N"}})',
        cause: e,
      });
    }
    validateSession(h, arch, opts.onnx);
    return wrap(h, arch, opts.onnx);
  }
  if (opts.weights) {
    const weights = validateC3dWeights(readSafetensors(opts.weights), arch, opts.weights);
    return createC3dFromWeights(weights, { ...opts, arch, origin: opts.weights });
  }
  throw new UnavailableError('C3D needs pretrained weights, and none were given', {
    hint:
      'set c3d.weights to a safetensors file (PyTorch C3D port names) or c3d.onnx to an ONNX export ' +
      "(CLI: --c3d-weights / --c3d-onnx); or use backbone 'hog-hof-mbh', which needs no weights",
  });
}

/** Build the graph in JS from validated weights (tests and benchmarks pass seeded random weights). */
export async function createC3dFromWeights(
  weights: C3dWeights,
  opts: Omit<C3dLoadOptions, 'onnx' | 'weights'> & { origin?: string } = {},
): Promise<C3dModel> {
  const arch = opts.arch ?? C3D_ARCH;
  const bytes = buildC3dOnnx(arch, weights, c3dTensorShapes(arch));
  const h = await createOrtSession(bytes, { device: opts.device, threads: threadsOf(opts.threads), log: opts.log });
  return wrap(h, arch, opts.origin ?? 'weights in memory');
}

/**
 * 0/undefined = every core Node sees. onnxruntime's own default measured 2x slower here (about
 * 500 vs 255 ms per full clip on 2 cores): it seems to count physical cores.
 */
function threadsOf(t: number | undefined): number {
  return t && t > 0 ? t : availableParallelism();
}

function dimOk(d: number | string | undefined, want: number): boolean {
  return typeof d === 'string' || d === -1 || d === want;
}

function validateSession(h: OrtHandle, arch: C3dArch, file: string): void {
  const s = h.session;
  const expIn = `[N, 3, ${arch.clipLength}, ${arch.inputSize}, ${arch.inputSize}]`;
  const hint = `C3D must take one float32 input ${expIn} (NCDHW) and give one output [N, ${arch.fc6}] (fc6 after ReLU)`;
  if (s.inputNames.length !== 1 || s.outputNames.length < 1)
    throw new InputError(
      `model has ${s.inputNames.length} inputs and ${s.outputNames.length} outputs, expected 1 input ${expIn}`,
      { file, hint },
    );
  const inp = s.inputMetadata[0];
  const out = s.outputMetadata[0];
  if (inp?.isTensor && inp.shape.length) {
    const want = [0, 3, arch.clipLength, arch.inputSize, arch.inputSize];
    if (inp.shape.length !== 5 || !inp.shape.every((d, i) => i === 0 || dimOk(d, want[i]!)))
      throw new InputError(`model input '${s.inputNames[0]}' has shape [${inp.shape.join(', ')}], expected ${expIn}`, {
        file,
        hint,
      });
  }
  if (out?.isTensor && out.shape.length && (out.shape.length !== 2 || !dimOk(out.shape[1], arch.fc6))) {
    throw new InputError(
      `model output '${s.outputNames[0]}' has shape [${out.shape.join(', ')}], expected [N, ${arch.fc6}]`,
      { file, hint },
    );
  }
}

function wrap(h: OrtHandle, arch: C3dArch, origin: string): C3dModel {
  const inName = h.session.inputNames[0] ?? C3D_INPUT;
  const outName = h.session.outputNames.includes(C3D_OUTPUT) ? C3D_OUTPUT : h.session.outputNames[0]!;
  const per = 3 * arch.clipLength * arch.inputSize * arch.inputSize;
  return {
    arch,
    origin,
    provider: h.provider,
    async run(clips, n) {
      if (clips.length !== n * per)
        throw new RangeError(`C3D input has ${clips.length} floats, expected ${n} x ${per}`);
      const input = new h.ort.Tensor('float32', clips, [n, 3, arch.clipLength, arch.inputSize, arch.inputSize]);
      const res = await h.session.run({ [inName]: input });
      const y = res[outName]!;
      if (y.dims.length !== 2 || y.dims[0] !== n || y.dims[1] !== arch.fc6) {
        throw new InputError(`C3D output has shape [${y.dims.join(', ')}], expected [${n}, ${arch.fc6}]`, {
          file: origin,
          hint: `the model must end at fc6 (${arch.fc6} values per clip)`,
        });
      }
      return y.data as Float32Array;
    },
    async dispose() {
      await h.session.release();
    },
  };
}
