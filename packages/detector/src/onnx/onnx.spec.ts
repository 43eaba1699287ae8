import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { ArtifactError } from '@wsstad/core';
import { createDetector } from '../registry';
import type { Frame } from '@wsstad/video';

const FLOAT = 1,
  INT64 = 7;
/** Decoded boxes must land within this many pixels of the hand-computed frame coordinates. */
const BOX_TOL = 1e-3;

type Const = { name: string; dims: number[]; type: number; values: number[] };

/**
 * A tiny ONNX model: an image input that is reduced to a scalar and multiplied by 0 (so the graph
 * uses its input), added to constant outputs. The outputs are thus fixed, whatever the image.
 */
function buildModel(inputDims: number[], outs: Const[]): Uint8Array {
  const tensor = (c: Const) =>
    onnx.TensorProto.create({
      name: `${c.name}_c`,
      dims: c.dims,
      dataType: c.type,
      ...(c.type === INT64 ? { int64Data: c.values } : { floatData: c.values }),
    });
  const nodes = [
    onnx.NodeProto.create({
      opType: 'ReduceMean',
      input: ['images'],
      output: ['m'],
      attribute: [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    }),
    onnx.NodeProto.create({
      opType: 'Constant',
      output: ['zero'],
      attribute: [
        onnx.AttributeProto.create({
          name: 'value',
          type: onnx.AttributeProto.AttributeType.TENSOR,
          t: onnx.TensorProto.create({ dims: [], dataType: FLOAT, floatData: [0] }),
        }),
      ],
    }),
    onnx.NodeProto.create({ opType: 'Mul', input: ['m', 'zero'], output: ['z'] }),
  ];
  for (const c of outs) {
    nodes.push(
      onnx.NodeProto.create({
        opType: 'Constant',
        output: [`${c.name}_k`],
        attribute: [
          onnx.AttributeProto.create({ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor(c) }),
        ],
      }),
    );
    if (c.type === FLOAT)
      nodes.push(onnx.NodeProto.create({ opType: 'Add', input: [`${c.name}_k`, 'z'], output: [c.name] }));
    else nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [`${c.name}_k`], output: [c.name] }));
  }
  const vi = (name: string, type: number, dims: number[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType: type,
          shape: onnx.TensorShapeProto.create({
            dim: dims.map((d) => onnx.TensorShapeProto.Dimension.create({ dimValue: d })),
          }),
        }),
      }),
    });
  const graph = onnx.GraphProto.create({
    name: 'fixed',
    node: nodes,
    input: [vi('images', FLOAT, inputDims)],
    output: outs.map((c) => vi(c.name, c.type, c.dims)),
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    producerName: 'wsstad-test',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

const frame = (w: number, h: number): Frame => ({
  index: 0,
  timestamp: 0,
  width: w,
  height: h,
  data: new Uint8Array(w * h * 3).fill(100),
});

describe('onnx detector', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'onnx-det-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const save = (name: string, bytes: Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it(
    'decodes a torchvision Faster R-CNN export: rescales boxes, maps labels, drops low scores and ' +
      'unmapped classes',
    async () => {
      // Input 320x240 for a 160x120 frame: boxes come back halved.
      const model = save(
        'frcnn.onnx',
        buildModel(
          [3, 240, 320],
          [
            {
              name: 'boxes',
              dims: [4, 4],
              type: FLOAT,
              values: [20, 40, 60, 120, 100, 100, 200, 160, 0, 0, 10, 10, 300, 200, 400, 260],
            },
            { name: 'labels', dims: [4], type: INT64, values: [1, 3, 1, 15] },
            { name: 'scores', dims: [4], type: FLOAT, values: [0.9, 0.8, 0.1, 0.95] },
          ],
        ),
      );
      const det = await createDetector({
        kind: 'onnx',
        format: 'fasterrcnn',
        model,
        inputWidth: 320,
        inputHeight: 240,
        device: 'cpu',
      });
      const r = await det.detect([frame(160, 120)]);
      det.dispose();
      expect(r.detections.map((d) => d.category)).toEqual(['person', 'vehicle']);
      const [p, v] = r.detections;
      [10, 20, 30, 60].forEach((x, i) => expect(Math.abs(p!.box[i]! - x)).toBeLessThan(BOX_TOL));
      [50, 50, 100, 80].forEach((x, i) => expect(Math.abs(v!.box[i]! - x)).toBeLessThan(BOX_TOL));
      expect(p!.score).toBeCloseTo(0.9, 5);
    },
  );

  it('decodes YOLO raw outputs in both layouts with letterbox undone and class-aware NMS', async () => {
    // 160x120 frame letterboxed into 320x320: scale 2, 40 px padding top and bottom.
    // Rows: cx, cy, w, h, obj, person, car. Row 2 duplicates row 1 (suppressed); row 3 is below threshold.
    // Padded with empty rows to N = 10 > attributes, as in real exports, so layout 'auto' can tell the axes apart.
    const rows = [
      [100, 140, 20, 40, 0.9, 0.9, 0.1],
      [101, 141, 20, 40, 0.8, 0.9, 0.1],
      [200, 200, 50, 20, 0.1, 0.1, 0.9],
      [200, 200, 60, 30, 0.9, 0.05, 0.95],
    ];
    while (rows.length < 10) rows.push([0, 0, 0, 0, 0, 0, 0]);
    const classMap = { 0: 'person', 1: 'vehicle' };
    const nxc = save(
      'yolo5.onnx',
      buildModel([1, 3, 320, 320], [{ name: 'output0', dims: [1, 10, 7], type: FLOAT, values: rows.flat() }]),
    );
    // YOLOv8 style: no objectness column, attributes first.
    const v8rows = rows.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, r[4]! * r[5]!, r[4]! * r[6]!]);
    const cxn = save(
      'yolo8.onnx',
      buildModel(
        [1, 3, 320, 320],
        [
          {
            name: 'output0',
            dims: [1, 6, 10],
            type: FLOAT,
            values: [0, 1, 2, 3, 4, 5].flatMap((a) => v8rows.map((r) => r[a]!)),
          },
        ],
      ),
    );
    for (const model of [nxc, cxn]) {
      const det = await createDetector({
        kind: 'onnx',
        format: 'yolo',
        model,
        inputWidth: 320,
        inputHeight: 320,
        classMap,
        device: 'cpu',
      });
      const r = await det.detect([frame(160, 120)]);
      det.dispose();
      expect(r.detections.map((d) => d.category)).toEqual(['vehicle', 'person']);
      const person = r.detections[1]!;
      [45, 40, 55, 60].forEach((x, i) => expect(Math.abs(person.box[i]! - x)).toBeLessThan(BOX_TOL));
      expect(r.detections.every((d) => d.score >= 0 && d.score <= 1)).toBe(true);
    }
  });

  it(
    'a model whose outputs have the wrong shape fails with an ArtifactError naming the file and the ' +
      'expected shapes',
    async () => {
      const model = save(
        'bad.onnx',
        buildModel(
          [3, 64, 64],
          [
            { name: 'boxes', dims: [2, 3], type: FLOAT, values: [0, 0, 1, 1, 2, 2] },
            { name: 'labels', dims: [2], type: INT64, values: [1, 1] },
            { name: 'scores', dims: [2], type: FLOAT, values: [0.9, 0.9] },
          ],
        ),
      );
      const det = await createDetector({
        kind: 'onnx',
        format: 'fasterrcnn',
        model,
        inputWidth: 64,
        inputHeight: 64,
        device: 'cpu',
      });
      const err = await det.detect([frame(64, 64)]).catch((e: unknown) => e);
      det.dispose();
      expect(err).toBeInstanceOf(ArtifactError);
      expect((err as Error).message).toContain('bad.onnx');
      expect((err as Error).message).toMatch(/boxes' has shape \[2, 3\].*expected boxes \[N, 4\]/);
      const yolo = await createDetector({
        kind: 'onnx',
        format: 'yolo',
        model: save(
          'bad-yolo.onnx',
          buildModel([1, 3, 32, 32], [{ name: 'out', dims: [4, 6], type: FLOAT, values: new Array(24).fill(0) }]),
        ),
        inputWidth: 32,
        inputHeight: 32,
        device: 'cpu',
      });
      await expect(yolo.detect([frame(32, 32)])).rejects.toThrow(
        /bad-yolo\.onnx: YOLO output does not match: output 'out' has shape \[4, 6\]; expected \[1, N, 4\+1\+C\]/,
      );
      yolo.dispose();
    },
  );

  it('a missing model file is a clear error', async () => {
    await expect(createDetector({ kind: 'onnx', model: join(dir, 'nope.onnx') })).rejects.toThrow(
      /nope\.onnx: ONNX model file not found/,
    );
  });
});
