import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDetector } from '../registry';
import { syntheticScene } from '../fixtures';
import { decodeCenterNet, decodeNanoDet } from './decode';

describe('COCO tfjs detectors', () => {
  it('decodes CenterNet rows: input pixels -> [0, 1], drops low scores and invalid classes', () => {
    const rows = [51.2, 102.4, 256, 512, 0.9, 0, /**/ 0, 0, 10, 10, 0.05, 2, /**/ 0, 0, 10, 10, 0.9, 95];
    const out = decodeCenterNet(rows, 3, 512, 0.2);
    expect(out).toHaveLength(1);
    expect(out[0]).toEqual({ x1: 0.1, y1: 0.2, x2: 0.5, y2: 1, score: 0.9, cls: 0 });
  });

  it('decodes a NanoDet level: distance bins are a softmax expectation times the stride, from the cell centre', () => {
    // 2x2 grid at stride 8 (input 16), 80 classes, 4 sides x 3 bins. Cell 3 (col 1, row 1) says class 2.
    const grid = 2,
      bins = 3;
    const scores = new Float32Array(4 * 80);
    scores[3 * 80 + 2] = 0.8;
    const reg = new Float32Array(4 * 4 * bins).fill(-50);
    // Each side of cell 3: all mass on bin 1 -> distance 1 * 8 = 8 px.
    for (let side = 0; side < 4; side++) reg[3 * 4 * bins + side * bins + 1] = 50;
    const out = decodeNanoDet([{ grid, stride: 8, scores, reg }], 16, 0.5);
    expect(out).toHaveLength(1);
    const b = out[0]!;
    expect(b.cls).toBe(2);
    // Centre (12, 12): box [4, 4, 20, 20] / 16.
    [b.x1, b.y1, b.x2, b.y2].forEach((v, i) => expect(v).toBeCloseTo([0.25, 0.25, 1.25, 1.25][i]!, 5));
  });

  it('loads the shipped CenterNet from the package files and returns valid detections', async () => {
    const scene = syntheticScene({
      width: 160,
      height: 120,
      frames: 1,
      rects: [
        { id: 1, category: 'person', w: 10, h: 30, x: 70, y: 40, vx: 0, vy: 0, start: 0, end: 1, color: [40, 40, 160] },
      ],
    });
    const det = await createDetector('coco-centernet', { scoreThreshold: 0.05 });
    const r = await det.detect(scene);
    det.dispose();
    expect(r.framesSeen).toBe(1);
    for (const d of r.detections) {
      expect(['person', 'vehicle']).toContain(d.category);
      expect(d.score >= 0.05 && d.score <= 1).toBe(true);
      expect(d.box[0] >= 0 && d.box[2] <= 160 && d.box[1] >= 0 && d.box[3] <= 120 && d.box[2] > d.box[0]).toBe(true);
    }
  });

  it('a model directory without the model is a clear error naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coco-'));
    try {
      await expect(createDetector({ kind: 'coco-tfjs', model: 'nanodet', modelDir: dir })).rejects.toThrow(
        /nanodet\.json: tfjs model\.json not found/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
