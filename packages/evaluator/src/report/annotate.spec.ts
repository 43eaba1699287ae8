import sharp from 'sharp';
import {
  annotateFrame,
  annotatedPng,
  annotatedSource,
  annotationSvg,
  stripHeight,
  type AnnotationSpec,
} from './annotate';

const W = 160,
  H = 120;
const grey = (index: number) => ({
  index,
  timestamp: index / 10,
  width: W,
  height: H,
  data: new Uint8Array(W * H * 3).fill(128),
});
const spec = (o: Partial<AnnotationSpec> = {}): AnnotationSpec => ({
  tubes: [
    {
      frames: [0, 1],
      boxes: [
        [20, 30, 60, 90],
        [22, 30, 62, 90],
      ],
      label: '#1 0.412',
      color: '#ff0000',
    },
  ],
  banner: 'ABNORMAL score 0.412 > threshold 0.250',
  bannerColor: '#ff4136',
  frameScores: Float32Array.from({ length: 10 }, (_, i) => i / 10),
  threshold: 0.5,
  ranges: [[6, 10]],
  ...o,
});
const px = (d: Uint8Array, x: number, y: number) => Array.from(d.subarray((y * W + x) * 3, (y * W + x) * 3 + 3));

describe('annotated frames (wsstad infer --annotate)', () => {
  it('draws the tube box with its score, the banner and a score strip under the frame', async () => {
    const d = await annotateFrame(grey(0), spec());
    expect(d.length).toBe(W * (H + stripHeight(H)) * 3);
    const [r, g, b] = px(d, 20, 60); // left edge of the box
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
    expect(px(d, 100, 60)).toEqual([128, 128, 128]); // untouched pixel
    expect(px(d, 100, 3)[0]).toBeLessThan(100); // banner darkens the top
    expect(px(d, 100, H + stripHeight(H) - 2)[0]).toBeLessThan(128); // the strip is dark
    const svg = annotationSvg(0, W, H, spec());
    expect(svg).toContain('#1 0.412');
    expect(svg).toContain('ABNORMAL score 0.412');
    expect(svg).toMatch(/stroke-dasharray/); // threshold line
  });

  it('draws no box on frames the tube does not cover, and no threshold line without calibration', async () => {
    const svg = annotationSvg(5, W, H, spec({ threshold: null }));
    expect(svg).not.toContain('#1 0.412');
    expect(svg).not.toMatch(/stroke-dasharray/);
  });

  it('a source wrapper yields taller frames; PNG export decodes', async () => {
    const src = {
      uri: 'mem',
      info: { width: W, height: H, fps: 10, frameCount: 2 },
      close: () => undefined,
      async *frames() {
        yield grey(0);
        yield grey(1);
      },
    };
    const a = annotatedSource(src, spec());
    expect(a.info.height).toBe(H + stripHeight(H));
    let n = 0;
    for await (const f of a.frames()) {
      expect(f.data.length).toBe(W * a.info.height * 3);
      n++;
    }
    expect(n).toBe(2);
    const meta = await sharp(await annotatedPng(grey(1), spec())).metadata();
    expect([meta.width, meta.height]).toEqual([W, H + stripHeight(H)]);
  });
});
