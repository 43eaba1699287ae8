import { ArtifactError, InputError, Rng } from '@wsstad/core';
import { c3dTensorShapes, type C3dArch } from './arch';
import type { SafeTensor } from './safetensors';

export type C3dWeights = Record<string, Float32Array>;

/**
 * Check a name -> tensor map against the architecture: every tensor present with its exact shape.
 * Missing and mis-shaped tensors are listed together in one error; extra tensors (fc7, fc8 of a
 * full classifier) are ignored.
 */
export function validateC3dWeights(tensors: ReadonlyMap<string, SafeTensor>, arch: C3dArch, file: string): C3dWeights {
  const shapes = c3dTensorShapes(arch);
  const missing: string[] = [];
  const wrong: string[] = [];
  const out: C3dWeights = {};
  for (const [name, shape] of Object.entries(shapes)) {
    const t = tensors.get(name);
    if (!t) {
      missing.push(name);
      continue;
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      wrong.push(`${name} is [${t.shape}], expected [${shape}]`);
      continue;
    }
    out[name] = t.data;
  }
  if (missing.length || wrong.length) {
    const parts = [
      missing.length ? `missing tensors: ${missing.join(', ')}` : '',
      wrong.length ? `wrong shapes: ${wrong.join('; ')}` : '',
    ].filter(Boolean);
    const prefix = [...tensors.keys()].find((k) => k.endsWith('conv1.weight') && k !== 'conv1.weight');
    throw new InputError(`C3D weights do not match the network (${parts.join('; ')})`, {
      file,
      hint: prefix
        ? `tensor names carry a prefix ('${prefix.slice(0, -'conv1.weight'.length)}'): strip it when ` +
          `saving (expected names: conv1.weight, conv2.weight, conv3a.weight, ..., fc6.bias)`
        : 'expected the PyTorch C3D port names conv1, conv2, conv3a, conv3b, conv4a, conv4b, conv5a, ' +
          'conv5b, fc6 (.weight/.bias) as float32',
    });
  }
  assertFiniteC3dWeights(out, file);
  return out;
}

/**
 * NaN/Inf in a weight turns every feature into NaN/Inf, which would then fail far away (the trainer's
 * finite checks) or, in `wsstad infer`, score nothing: refuse the file here, naming the tensor.
 */
function assertFiniteC3dWeights(weights: C3dWeights, file: string): void {
  for (const [name, data] of Object.entries(weights)) {
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad < 0) continue;
    throw new ArtifactError(`C3D weights tensor '${name}' holds a non-finite value (${data[bad]} at element ${bad})`, {
      file,
      hint:
        'the file is damaged or the conversion overflowed (float16 holds at most 65504): re-export it ' +
        'from the original checkpoint as float32 with safetensors.torch.save_file(model.float().state_dict(), path)',
    });
  }
}

/**
 * Seeded He-uniform weights for tests and benchmarks only (never a silent default: features from
 * random weights carry no meaning). Biases are small positive so ReLUs stay active.
 */
export function randomC3dWeights(arch: C3dArch, seed: number | string): C3dWeights {
  const rng = new Rng(`c3d-random/${seed}`);
  const out: C3dWeights = {};
  for (const [name, shape] of Object.entries(c3dTensorShapes(arch))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(n);
    if (name.endsWith('.bias')) a.fill(0.01);
    else {
      const fanIn = n / shape[0]!;
      const bound = Math.sqrt(6 / fanIn);
      for (let i = 0; i < n; i++) a[i] = (rng.next() * 2 - 1) * bound;
    }
    out[name] = a;
  }
  return out;
}
