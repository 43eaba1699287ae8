import { loadOpenCv } from '@wsstad/video';
import { onOutline } from './ghosts';

/** Deterministic 0/255 masks: random rectangles and ellipses plus salt, as blobs after MOG2 look. */
function masks(count: number, w: number, h: number): Uint8Array[] {
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  return Array.from({ length: count }, () => {
    const m = new Uint8Array(w * h);
    for (let k = 0; k < 6; k++) {
      const cx = rnd() * w,
        cy = rnd() * h,
        rx = 2 + rnd() * 20,
        ry = 2 + rnd() * 20,
        round = rnd() < 0.5;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const dx = (x - cx) / rx,
            dy = (y - cy) / ry;
          if (round ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1) m[y * w + x] = 255;
        }
    }
    for (let k = 0; k < 60; k++) m[Math.floor(rnd() * w * h)] = rnd() < 0.5 ? 255 : 0;
    return m;
  });
}

describe('onOutline', () => {
  it("marks exactly the interior pixels of OpenCV's 3x3 MORPH_GRADIENT of the mask", async () => {
    const { cv } = await loadOpenCv();
    const w = 97,
      h = 61;
    const src = new cv.Mat(h, w, cv.CV_8UC1),
      band = new cv.Mat();
    const kernel = cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3));
    let outline = 0,
      interior = 0;
    const wrong: number[] = [];
    try {
      for (const m of masks(20, w, h)) {
        src.data.set(m);
        cv.morphologyEx(src, band, cv.MORPH_GRADIENT, kernel);
        const b = band.data;
        for (let y = 1; y < h - 1; y++)
          for (let x = 1; x < w - 1; x++) {
            const i = y * w + x;
            if (onOutline(m, i, w) !== (b[i] !== 0)) wrong.push(i);
            if (b[i]) outline++;
            else interior++;
          }
      }
    } finally {
      for (const x of [src, band, kernel]) x.delete();
    }
    expect(wrong).toEqual([]);
    // Both answers occur often: the comparison is not vacuous.
    expect(outline).toBeGreaterThan(2000);
    expect(interior).toBeGreaterThan(2000);
  });
});
