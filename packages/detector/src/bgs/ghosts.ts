import type { Blob } from './blobs';
import type { CvMat as Mat, CvMog2 as Mog2, OpenCv } from '@wsstad/video';

/**
 * A blob whose outline carries less background-model gradient than this (summed grey levels) is never called a ghost.
 */
const MIN_GHOST_GRADIENT = 200;

/** Colour gradient at pixel i of an RGB image: the largest channel's |dx| + |dy| (central differences). */
function grad(d: Uint8Array, i: number, w: number): number {
  const l = (i - 1) * 3,
    r = (i + 1) * 3,
    u = (i - w) * 3,
    b = (i + w) * 3;
  let best = 0;
  for (let c = 0; c < 3; c++) {
    const g = Math.abs(d[r + c]! - d[l + c]!) + Math.abs(d[b + c]! - d[u + c]!);
    if (g > best) best = g;
  }
  return best;
}

/**
 * Whether interior pixel i (not on the image border) of a 0/255 mask lies on the morphological
 * gradient of the mask with a 3x3 rectangle (dilate minus erode): its 3x3 neighbourhood is not
 * uniform. The same pixels as OpenCV's MORPH_GRADIENT (ghosts.spec.ts), but looked at only inside
 * the blobs' boxes instead of a whole-frame morphologyEx per frame (issue 19: ~10% of detection).
 */
export function onOutline(m: Uint8Array, i: number, w: number): boolean {
  const c = m[i]!;
  return (
    m[i - w - 1] !== c ||
    m[i - w] !== c ||
    m[i - w + 1] !== c ||
    m[i - 1] !== c ||
    m[i + 1] !== c ||
    m[i + w - 1] !== c ||
    m[i + w] !== c ||
    m[i + w + 1] !== c
  );
}

/**
 * Ghost test of foreground blobs (Cucchiara et al.'s idea, edge version): sum the colour gradient on
 * each blob's outline (the morphological gradient of the foreground mask, 2-3 px wide) in the
 * current frame and in the background model's image. A real object's outline is an edge of the
 * current frame; a ghost's outline is an edge of the background model only (the object it learned
 * is gone). Colour, not grey: a red coat on grey pavement can have the pavement's grey level.
 * The background Mat is allocated once per video.
 */
export class GhostFilter {
  private readonly bg: Mat;
  constructor(
    cv: OpenCv,
    private readonly ratio: number,
  ) {
    this.bg = new cv.Mat();
  }

  /** Keep the blobs that are not ghosts. `frame` is the RGB frame, `mask` the cleaned foreground mask. */
  filter(blobs: readonly Blob[], frame: Mat, mask: Mat, mog: Mog2): { kept: Blob[]; ghosts: number } {
    if (this.ratio <= 0 || blobs.length === 0) return { kept: [...blobs], ghosts: 0 };
    mog.getBackgroundImage(this.bg);
    const w = mask.cols,
      h = mask.rows;
    const fg = mask.data,
      cur = frame.data,
      bgd = this.bg.data;
    const kept: Blob[] = [];
    let ghosts = 0;
    for (const b of blobs) {
      let gc = 0,
        gb = 0;
      // The outline band extends one pixel outside the blob's box; image borders are skipped (no central difference).
      const x1 = Math.max(1, b.x1 - 1),
        x2 = Math.min(w - 1, b.x2 + 1),
        y1 = Math.max(1, b.y1 - 1),
        y2 = Math.min(h - 1, b.y2 + 1);
      for (let y = y1; y < y2; y++) {
        for (let i = y * w + x1, e = y * w + x2; i < e; i++) {
          if (!onOutline(fg, i, w)) continue;
          gc += grad(cur, i, w);
          gb += grad(bgd, i, w);
        }
      }
      if (gb >= MIN_GHOST_GRADIENT && gb > this.ratio * gc) ghosts++;
      else kept.push(b);
    }
    return { kept, ghosts };
  }

  delete(): void {
    this.bg.delete();
  }
}
