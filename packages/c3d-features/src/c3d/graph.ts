import { onnx } from 'onnx-proto';
import { CONV_NAMES, POOL_AFTER, type C3dArch } from './arch';

export const C3D_INPUT = 'clips';
export const C3D_OUTPUT = 'fc6';
const OPSET = 13;
const AT = onnx.AttributeProto.AttributeType;

const ints = (name: string, v: number[]): onnx.IAttributeProto => ({ name, type: AT.INTS, ints: v });
const int = (name: string, v: number): onnx.IAttributeProto => ({ name, type: AT.INT, i: v });

function tensor(name: string, dims: number[], data: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function valueInfo(name: string, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

/**
 * Build the C3D graph (input NCDHW float32 [N, 3, T, S, S] -> fc6 after ReLU [N, fc6]) as ONNX
 * bytes, with the given PyTorch-named weights as initialisers. Tensor data is little-endian
 * float32 (typed arrays on every platform Node runs on).
 */
export function buildC3dOnnx(arch: C3dArch, weights: Readonly<Record<string, Float32Array>>, shapes: Readonly<Record<string, number[]>>): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  const init: onnx.ITensorProto[] = [];
  let x = C3D_INPUT;
  for (const n of CONV_NAMES) {
    init.push(tensor(`${n}.weight`, shapes[`${n}.weight`]!, weights[`${n}.weight`]!), tensor(`${n}.bias`, shapes[`${n}.bias`]!, weights[`${n}.bias`]!));
    nodes.push({ opType: 'Conv', name: n, input: [x, `${n}.weight`, `${n}.bias`], output: [`${n}.out`], attribute: [ints('kernel_shape', [3, 3, 3]), ints('pads', [1, 1, 1, 1, 1, 1]), ints('strides', [1, 1, 1])] });
    nodes.push({ opType: 'Relu', name: `${n}.relu`, input: [`${n}.out`], output: [`${n}.act`] });
    x = `${n}.act`;
    const p = POOL_AFTER[n];
    if (p) {
      nodes.push({ opType: 'MaxPool', name: `${n}.pool`, input: [x], output: [`${n}.pooled`], attribute: [ints('kernel_shape', p.kernel), ints('strides', p.stride), ints('pads', [...p.pad, ...p.pad])] });
      x = `${n}.pooled`;
    }
  }
  init.push(tensor('fc6.weight', shapes['fc6.weight']!, weights['fc6.weight']!), tensor('fc6.bias', shapes['fc6.bias']!, weights['fc6.bias']!));
  nodes.push({ opType: 'Flatten', name: 'flatten', input: [x], output: ['flat'], attribute: [int('axis', 1)] });
  nodes.push({ opType: 'Gemm', name: 'fc6', input: ['flat', 'fc6.weight', 'fc6.bias'], output: ['fc6.out'], attribute: [int('transB', 1)] });
  nodes.push({ opType: 'Relu', name: 'fc6.relu', input: ['fc6.out'], output: [C3D_OUTPUT] });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: '@wsstad/c3d-features',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: 'c3d_fc6',
      node: nodes,
      initializer: init,
      input: [valueInfo(C3D_INPUT, ['N', 3, arch.clipLength, arch.inputSize, arch.inputSize])],
      output: [valueInfo(C3D_OUTPUT, ['N', arch.fc6])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
