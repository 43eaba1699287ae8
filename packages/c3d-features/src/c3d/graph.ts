import { GraphBuilder } from '@wsstad/core';
import { CONV_NAMES, POOL_AFTER, type C3dArch } from './arch';

export const C3D_INPUT = 'clips';
export const C3D_OUTPUT = 'fc6';

/**
 * Build the C3D graph (input NCDHW float32 [N, 3, T, S, S] -> fc6 after ReLU [N, fc6]) as ONNX
 * bytes, with the given PyTorch-named weights as initialisers, on core's one ONNX graph builder.
 */
export function buildC3dOnnx(
  arch: C3dArch,
  weights: Readonly<Record<string, Float32Array>>,
  shapes: Readonly<Record<string, number[]>>,
): Uint8Array {
  const g = new GraphBuilder('c3d_fc6', '@wsstad/c3d-features');
  const param = (name: string) => g.weight(name, shapes[name]!, weights[name]!);
  let x = g.input(C3D_INPUT, ['N', 3, arch.clipLength, arch.inputSize, arch.inputSize]);
  for (const n of CONV_NAMES) {
    const conv = g.op('Conv', [x, param(`${n}.weight`), param(`${n}.bias`)], {
      kernel_shape: [3, 3, 3],
      pads: [1, 1, 1, 1, 1, 1],
      strides: [1, 1, 1],
    });
    x = g.relu(conv);
    const p = POOL_AFTER[n];
    if (p) x = g.op('MaxPool', [x], { kernel_shape: p.kernel, strides: p.stride, pads: [...p.pad, ...p.pad] });
  }
  const flat = g.op('Flatten', [x], { axis: 1 });
  const fc6 = g.op('Gemm', [flat, param('fc6.weight'), param('fc6.bias')], { transB: 1 });
  g.output(C3D_OUTPUT, g.relu(fc6), ['N', arch.fc6]);
  return g.encode();
}
