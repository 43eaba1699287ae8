import { onnx } from 'onnx-proto';

const OPSET = 13;
const AT = onnx.AttributeProto.AttributeType;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** A symbolic graph input dimension ('B', 'n') or a fixed one. */
export type Dim = number | string;

/**
 * A tiny ONNX graph builder: every op call appends a node and returns its (unique) output name,
 * so the branch graphs read like the math. Weights are graph inputs, not initialisers: they change
 * every training step and one session serves every step (and both branches).
 */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly consts = new Map<string, string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  /** Mark `value` as a graph output called `name` (an Identity node renames it). */
  output(name: string, value: string, dims: Dim[]): void {
    this.nodes.push({ opType: 'Identity', name: `out/${name}`, input: [value], output: [name] });
    this.outputs.push(valueInfo(name, dims));
  }

  /** A float scalar constant (shared between uses). */
  scalar(v: number): string {
    return this.constant(`f:${v}`, () => ({ dataType: FLOAT, dims: [], floatData: [v] }));
  }

  /** An int64 vector constant: Reshape shapes, ReduceSum axes. */
  ints(v: number[]): string {
    return this.constant(`i:${v.join(',')}`, () => ({ dataType: INT64, dims: [v.length], int64Data: v }));
  }

  op(opType: string, input: string[], attrs: Record<string, number | number[]> = {}): string {
    const out = `${opType.toLowerCase()}_${this.counter++}`;
    const attribute = Object.entries(attrs).map(([name, v]): onnx.IAttributeProto =>
      (Array.isArray(v) ? { name, type: AT.INTS, ints: v } : { name, type: AT.INT, i: v }));
    this.nodes.push({ opType, name: out, input, output: [out], attribute });
    return out;
  }

  // Shorthands for the ops the branch graphs use.
  matmul(a: string, b: string): string { return this.op('MatMul', [a, b]); }
  add(a: string, b: string): string { return this.op('Add', [a, b]); }
  sub(a: string, b: string): string { return this.op('Sub', [a, b]); }
  mul(a: string, b: string): string { return this.op('Mul', [a, b]); }
  transpose(a: string, perm: number[]): string { return this.op('Transpose', [a], { perm }); }
  reshape(a: string, shape: number[] | string): string { return this.op('Reshape', [a, typeof shape === 'string' ? shape : this.ints(shape)]); }
  relu(a: string): string { return this.op('Relu', [a]); }
  sigmoid(a: string): string { return this.op('Sigmoid', [a]); }
  /** Sum over `axes` (opset 13 takes the axes as an input). */
  sum(a: string, axes: number[], keepdims: 0 | 1): string { return this.op('ReduceSum', axes.length ? [a, this.ints(axes)] : [a], { keepdims }); }
  /** Derivative mask of ReLU at pre-activation `a`: 1 where a > 0, else 0 (tfjs' relu gradient uses the same step). */
  step(a: string): string { return this.op('Cast', [this.op('Greater', [a, this.scalar(0)])], { to: FLOAT }); }

  encode(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: '@wsstad/relationship-module',
      opsetImport: [{ domain: '', version: OPSET }],
      graph: { name: this.name, node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
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
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}
