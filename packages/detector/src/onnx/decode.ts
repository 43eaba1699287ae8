import { ArtifactError } from '@wsstad/core';
import type { Candidate } from '../nms';
import type { OnnxDetectorConfig } from '../types';

export interface OutTensor {
  name: string;
  dims: readonly number[];
  data: ArrayLike<number | bigint>;
}

const num = (v: number | bigint) => (typeof v === 'bigint' ? Number(v) : v);
const shape = (t: OutTensor) => `[${t.dims.join(', ')}]`;

function label(cls: number, c: OnnxDetectorConfig): string | null {
  const m = c.classMap[String(cls)];
  return m ?? (c.keepUnmapped ? `class${cls}` : null);
}

/** Boxes in input pixels (x1, y1, x2, y2) with scores and categories, from a torchvision Faster R-CNN export. */
export function decodeFasterRcnn(outs: OutTensor[], c: OnnxDetectorConfig): Array<Candidate & { raw: number[] }> {
  const expected = 'boxes [N, 4] (or [1, N, 4]) float, labels [N] int64, scores [N] float (torchvision export)';
  const fail = (what: string): never => {
    throw new ArtifactError(`Faster R-CNN outputs do not match: ${what}; expected ${expected}`, {
      file: c.model,
      hint:
        "export with torchvision's fasterrcnn_* and torch.onnx.export, output names boxes, labels, " +
        "scores; or use format 'yolo'",
    });
  };
  const find = (key: string, i: number) => outs.find((o) => o.name.toLowerCase().includes(key)) ?? outs[i];
  if (outs.length < 3)
    fail(`the model has ${outs.length} output(s) (${outs.map((o) => `${o.name} ${shape(o)}`).join(', ')})`);
  const boxes = find('box', 0)!,
    labels = find('label', 1)!,
    scores = find('score', 2)!;
  const bd = boxes.dims[0] === 1 && boxes.dims.length === 3 ? boxes.dims.slice(1) : boxes.dims;
  if (bd.length !== 2 || bd[1] !== 4) fail(`output '${boxes.name}' has shape ${shape(boxes)}`);
  const n = bd[0]!;
  const flat = (t: OutTensor) => (t.dims.length === 2 && t.dims[0] === 1 ? t.dims.slice(1) : t.dims);
  if (flat(labels).length !== 1 || flat(labels)[0] !== n)
    fail(`output '${labels.name}' has shape ${shape(labels)} for ${n} boxes`);
  if (flat(scores).length !== 1 || flat(scores)[0] !== n)
    fail(`output '${scores.name}' has shape ${shape(scores)} for ${n} boxes`);
  const out: Array<Candidate & { raw: number[] }> = [];
  for (let i = 0; i < n; i++) {
    const s = num(scores.data[i]!);
    if (!(s >= c.scoreThreshold)) continue;
    const cat = label(num(labels.data[i]!), c);
    if (!cat) continue;
    const raw = [0, 1, 2, 3].map((k) => num(boxes.data[i * 4 + k]!));
    out.push({ box: [0, 0, 0, 0], raw, score: Math.min(1, s), cls: cat });
  }
  return out;
}

/**
 * YOLO raw output: one tensor [1, N, A] ('nxc', YOLOv5: A = 4 + 1 + C with objectness) or
 * [1, A, N] ('cxn', YOLOv8: A = 4 + C). Score = objectness * best class score.
 */
export function decodeYolo(outs: OutTensor[], c: OnnxDetectorConfig): Array<Candidate & { raw: number[] }> {
  const expected = '[1, N, 4+1+C] (YOLOv5 style) or [1, 4+C, N] (YOLOv8 style)';
  const t = outs[0];
  const fail = (what: string): never => {
    throw new ArtifactError(`YOLO output does not match: ${what}; expected ${expected}`, {
      file: c.model,
      hint:
        "export the raw head (no built-in NMS), or use format 'fasterrcnn'; set layout/objectness " +
        'explicitly if auto-detection is wrong',
    });
  };
  if (!t) return fail('the model has no output');
  if (t.dims.length !== 3 || t.dims[0] !== 1) fail(`output '${t.name}' has shape ${shape(t)}`);
  const [, d1, d2] = t.dims as [number, number, number];
  const layout = c.layout === 'auto' ? (d1 <= d2 ? 'cxn' : 'nxc') : c.layout;
  const A = layout === 'nxc' ? d2 : d1,
    N = layout === 'nxc' ? d1 : d2;
  const obj = c.objectness === 'auto' ? layout === 'nxc' : c.objectness;
  const C = A - 4 - (obj ? 1 : 0);
  if (C < 1)
    fail(
      `output '${t.name}' has shape ${shape(t)}: ${A} attributes leave no class scores (layout ` +
        `${layout}, objectness ${obj})`,
    );
  const at =
    layout === 'nxc'
      ? (i: number, a: number) => num(t.data[i * A + a]!)
      : (i: number, a: number) => num(t.data[a * N + i]!);
  const out: Array<Candidate & { raw: number[] }> = [];
  for (let i = 0; i < N; i++) {
    const o = obj ? at(i, 4) : 1;
    let best = -1,
      bestS = -Infinity;
    for (let k = 0; k < C; k++) {
      const s = at(i, 4 + (obj ? 1 : 0) + k);
      if (s > bestS) {
        bestS = s;
        best = k;
      }
    }
    const score = o * bestS;
    if (!(score >= c.scoreThreshold)) continue;
    const cat = label(best, c);
    if (!cat) continue;
    const [a, b, w, h] = [at(i, 0), at(i, 1), at(i, 2), at(i, 3)];
    const raw = c.boxFormat === 'cxcywh' ? [a - w / 2, b - h / 2, a + w / 2, b + h / 2] : [a, b, w, h];
    out.push({ box: [0, 0, 0, 0], raw, score: Math.min(1, score), cls: cat });
  }
  return out;
}
