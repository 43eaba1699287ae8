import * as ort from 'onnxruntime-node';
import { GraphBuilder } from './graph';

describe('GraphBuilder (the one ONNX graph builder: trainer branch graphs, C3D)', () => {
  it('builds a graph onnxruntime runs: weights as initialisers and as inputs, shared constants', async () => {
    const g = new GraphBuilder('affine', '@wsstad/core-test');
    const x = g.input('x', ['B', 2]);
    const w = g.weight('w', [2, 3], Float32Array.of(1, 2, 3, -1, -2, -3));
    const b = g.input('b', [3]);
    const y = g.relu(g.add(g.matmul(x, w), b));
    const s = g.sum(g.mul(y, g.scalar(0.5)), [1], 0);
    g.output('y', y, ['B', 3]);
    g.output('s', g.mul(s, g.scalar(0.5)), ['B']);
    g.output('step', g.step(g.sub(y, g.scalar(1))), ['B', 3]);
    const session = await ort.InferenceSession.create(g.encode('a test graph'));
    const feeds = {
      x: new ort.Tensor('float32', Float32Array.of(1, 0, 0, 1), [2, 2]),
      b: new ort.Tensor('float32', Float32Array.of(0, 1, 10), [3]),
    };
    const out = await session.run(feeds);
    expect(Array.from(out.y!.data as Float32Array)).toEqual([1, 3, 13, 0, 0, 7]);
    expect(Array.from(out.s!.data as Float32Array)).toEqual([4.25, 1.75]);
    expect(Array.from(out.step!.data as Float32Array)).toEqual([0, 1, 1, 0, 0, 1]);
    await session.release();
  });

  it('refuses an initialiser whose data does not fill its dims', () => {
    expect(() => new GraphBuilder('g').weight('w', [2, 3], new Float32Array(5))).toThrow(/5 values for dims \[2, 3\]/);
  });
});
