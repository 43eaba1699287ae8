import type { onnx } from 'onnx-proto';

// ONNX enum values (onnx.proto3; stable since IR version 3), so that building a graph needs no
// protobuf code: onnx-proto is required only when `encode` writes the bytes.
const AT_INT = 2;
const AT_INTS = 7;
const FLOAT = 1;
const INT64 = 7;
const OPSET = 13;

/** A symbolic graph input dimension ('B', 'n') or a fixed one. */
export type Dim = number | string;

/**
 * The project's one ONNX graph builder: every op call appends a node and returns its (unique)
 * output name, so graphs read like the maths (the trainer's branch graphs, the C3D network).
 * Float tensors only; opset 13. Weights can be graph inputs (the trainer changes them every step
 * and one session serves every step) or initialisers with their data (a fixed network).
 */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly consts = new Map<string, string>();
  private counter = 0;

  /** `producer` is written into the model, e.g. '@wsstad/c3d-features'. */
  constructor(
    private readonly name: string,
    private readonly producer = '@wsstad/core',
  ) {}

  input(name: string, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  /** Mark `value` as a graph output called `name` (an Identity node renames it). */
  output(name: string, value: string, dims: Dim[]): void {
    this.nodes.push({ opType: 'Identity', name: `out/${name}`, input: [value], output: [name] });
    this.outputs.push(valueInfo(name, dims));
  }

  /** A float32 initialiser holding `data` (little-endian, as typed arrays are wherever Node runs). */
  weight(name: string, dims: number[], data: Float32Array): string {
    if (data.length !== dims.reduce((a, b) => a * b, 1)) {
      throw new RangeError(`ONNX initialiser ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
    }
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.inits.push({ name, dims, dataType: FLOAT, rawData });
    return name;
  }

  /** A float scalar constant (shared between uses). */
  scalar(v: number): string {
    return this.constant(`f:${v}`, () => ({ dataType: FLOAT, dims: [], floatData: [v] }));
  }

  /** An int64 vector constant: Reshape shapes, ReduceSum axes. */
  ints(v: number[]): string {
    return this.constant(`i:${v.join(',')}`, () => ({ dataType: INT64, dims: [v.length], int64Data: v }));
  }

  /** Append a node; integer and integer-list attributes (`{ to: FLOAT }` is written `{ to: 1 }`). */
  op(opType: string, input: string[], attrs: Record<string, number | number[]> = {}): string {
    const out = `${opType.toLowerCase()}_${this.counter++}`;
    const attribute = Object.entries(attrs).map(([name, v]): onnx.IAttributeProto =>
      Array.isArray(v) ? { name, type: AT_INTS, ints: v } : { name, type: AT_INT, i: v },
    );
    this.nodes.push({ opType, name: out, input, output: [out], attribute });
    return out;
  }

  // Shorthands for the ops the graphs use.
  matmul(a: string, b: string): string {
    return this.op('MatMul', [a, b]);
  }
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  transpose(a: string, perm: number[]): string {
    return this.op('Transpose', [a], { perm });
  }
  reshape(a: string, shape: number[] | string): string {
    return this.op('Reshape', [a, typeof shape === 'string' ? shape : this.ints(shape)]);
  }
  relu(a: string): string {
    return this.op('Relu', [a]);
  }
  sigmoid(a: string): string {
    return this.op('Sigmoid', [a]);
  }
  /** Sum over `axes` (opset 13 takes the axes as an input). */
  sum(a: string, axes: number[], keepdims: 0 | 1): string {
    return this.op('ReduceSum', axes.length ? [a, this.ints(axes)] : [a], { keepdims });
  }
  /** Derivative mask of ReLU at pre-activation `a`: 1 where a > 0, else 0 (tfjs' relu gradient uses the same step). */
  step(a: string): string {
    return this.op('Cast', [this.op('Greater', [a, this.scalar(0)])], { to: FLOAT });
  }

  /** The model as ONNX protobuf bytes (IR version 8, opset 13). */
  encode(docString?: string): Uint8Array {
    const proto = (require('onnx-proto') as typeof import('onnx-proto')).onnx;
    const model = proto.ModelProto.create({
      irVersion: 8,
      producerName: this.producer,
      ...(docString ? { docString } : {}),
      opsetImport: [{ domain: '', version: OPSET }],
      graph: { name: this.name, node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
    });
    return proto.ModelProto.encode(model).finish();
  }

  private constant(key: string, make: () => onnx.ITensorProto): string {
    const hit = this.consts.get(key);
    if (hit) return hit;
    const name = `const_${this.consts.size}`;
    this.inits.push({ ...make(), name });
    this.consts.set(key, name);
    return name;
  }
}

function valueInfo(name: string, dims: Dim[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}
