import { blobCategory, blobScore, mergeBlobs } from './blobs';
import { DEFAULT_BGS_CONFIG } from '../defaults';

describe('blob helpers', () => {
  it('merges fragments within the distance, transitively, and keeps far blobs apart', () => {
    const a = { x1: 0, y1: 0, x2: 10, y2: 10, pixels: 50 };
    const b = { x1: 12, y1: 0, x2: 20, y2: 10, pixels: 40 };
    const c = { x1: 22, y1: 0, x2: 30, y2: 10, pixels: 30 };
    const far = { x1: 80, y1: 80, x2: 90, y2: 90, pixels: 60 };
    const m = mergeBlobs([a, c, far, b], 2);
    expect(m).toHaveLength(2);
    expect(m).toContainEqual({ x1: 0, y1: 0, x2: 30, y2: 10, pixels: 120 });
    expect(mergeBlobs([a, b], -1)).toHaveLength(2);
  });

  it('scores are in [0, 1], grow with fill and size', () => {
    const solid = blobScore({ x1: 0, y1: 0, x2: 20, y2: 20, pixels: 400 }, 60);
    const sparse = blobScore({ x1: 0, y1: 0, x2: 20, y2: 20, pixels: 40 }, 60);
    const tiny = blobScore({ x1: 0, y1: 0, x2: 2, y2: 2, pixels: 4 }, 60);
    for (const s of [solid, sparse, tiny, blobScore({ x1: 5, y1: 5, x2: 5, y2: 5, pixels: 0 }, 60)])
      expect(s >= 0 && s <= 1).toBe(true);
    expect(solid).toBeGreaterThan(sparse);
    expect(solid).toBeGreaterThan(tiny);
  });

  it('guesses the category from the shape', () => {
    const F = 160 * 120;
    expect(blobCategory({ x1: 0, y1: 0, x2: 8, y2: 20, pixels: 100 }, F, DEFAULT_BGS_CONFIG)).toBe('person');
    expect(blobCategory({ x1: 0, y1: 0, x2: 30, y2: 14, pixels: 300 }, F, DEFAULT_BGS_CONFIG)).toBe('vehicle');
    expect(blobCategory({ x1: 0, y1: 0, x2: 10, y2: 10, pixels: 80 }, F, DEFAULT_BGS_CONFIG)).toBe('object');
  });
});
