import { paintBackground } from './background';
import { drawObject, hash3, objectBounds, perspectiveScale } from './shapes';
import type { SceneObject, SceneSpec } from './types';

const NOISE_PAD = 4099; // per-frame offsets into one noise table: frames get shifted noise fields

/** One object's state at a frame, after perspective and camera shake. */
export interface ObjectState {
  obj: SceneObject;
  x: number;
  y: number;
  angle: number;
  pose: number;
  scale: number;
}

/** Integer seed of a string (FNV-1a). */
export function seedInt(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Renders frames of one scene. Holds the precomputed background and noise table (W*H*3 bytes
 * each), so create one per video and reuse it for every frame.
 */
export class SceneRenderer {
  readonly background: Uint8Array;
  private readonly noise: Int8Array;
  private readonly work: Uint8Array;
  private readonly seed: number;
  private readonly lut = new Int16Array(256);

  constructor(readonly scene: SceneSpec) {
    this.background = paintBackground(scene);
    const n = scene.width * scene.height * 3;
    this.work = new Uint8Array(n);
    this.seed = seedInt(scene.seed);
    this.noise = new Int8Array(n + NOISE_PAD);
    // Gaussian-ish noise from summed hashes: cheap, deterministic, no per-frame random stream.
    const std = scene.noise.std;
    if (std > 0) {
      for (let i = 0; i < this.noise.length; i++) {
        const s = hash3(i, 1, this.seed) + hash3(i, 2, this.seed) + hash3(i, 3, this.seed) - 1.5; // var 1/4
        const v = Math.round(s * 2 * std);
        this.noise[i] = v > 127 ? 127 : v < -127 ? -127 : v;
      }
    }
  }

  shakeAt(f: number): [number, number] {
    return shakeAt(this.scene, this.seed, f);
  }
  statesAt(f: number): ObjectState[] {
    return statesAt(this.scene, this.seed, f);
  }

  /**
   * RGB24 of frame f (a new buffer). `ids`, when given (W*H), receives the id of the object drawn
   * at each pixel (-1 for background), before noise and illumination.
   */
  render(f: number, ids?: Int32Array): Uint8Array {
    const { width: W, height: H } = this.scene;
    const [sx, sy] = this.shakeAt(f);
    const work = this.work;
    if (sx === 0 && sy === 0) work.set(this.background);
    else shifted(this.background, work, W, H, sx, sy);
    if (ids) ids.fill(-1);
    for (const s of this.statesAt(f)) drawObject(work, W, H, s.obj, s.x, s.y, s.angle, s.pose, s.scale, ids);
    const il = this.scene.illumination;
    const gain = 1 + il.amplitude * Math.sin((2 * Math.PI * f) / Math.max(1, il.period) + il.phase);
    for (let v = 0; v < 256; v++) this.lut[v] = Math.round(v * gain + il.offset);
    const out = new Uint8Array(W * H * 3);
    toneAndNoise(work, this.lut, this.noise, Math.floor(hash3(f, 7, this.seed) * NOISE_PAD), out);
    return out;
  }
}

/**
 * out[i] = clamp(lut[work[i]] + noise[off + i], 0, 255): the clamp a Uint8ClampedArray store does,
 * written out (the sums are integers, so no rounding is involved and the bytes are the same); V8's
 * clamped store was ~2x slower (issue 19).
 */
function toneAndNoise(work: Uint8Array, lut: Int16Array, noise: Int8Array, off: number, out: Uint8Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = lut[work[i]!]! + noise[off + i]!;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/**
 * dst(x, y) = src(clamp(x - sx), clamp(y - sy)): each row is one block copy of the shifted span plus
 * the replicated edge pixels (the same bytes as a per-pixel clamp, a fraction of the work).
 */
function shifted(src: Uint8Array, dst: Uint8Array, W: number, H: number, sx: number, sy: number): void {
  const a = Math.min(W, Math.max(0, sx)), // dst columns [0, a) repeat source column 0
    b = Math.max(a, Math.min(W, W + sx)); // dst columns [a, b) copy source columns [a - sx, b - sx)
  for (let y = 0; y < H; y++) {
    const ys = Math.min(H - 1, Math.max(0, y - sy));
    const row = y * W * 3,
      srow = ys * W * 3;
    if (b > a) dst.set(src.subarray(srow + (a - sx) * 3, srow + (b - sx) * 3), row + a * 3);
    repeatPixel(src, srow, dst, row, 0, a);
    repeatPixel(src, srow + (W - 1) * 3, dst, row, b, W);
  }
}

/** dst pixels [x0, x1) of the row starting at byte `row` all take the RGB source pixel at byte `s`. */
function repeatPixel(src: Uint8Array, s: number, dst: Uint8Array, row: number, x0: number, x1: number): void {
  for (let x = x0; x < x1; x++) {
    dst[row + x * 3] = src[s]!;
    dst[row + x * 3 + 1] = src[s + 1]!;
    dst[row + x * 3 + 2] = src[s + 2]!;
  }
}

/** Camera offset of frame f in whole pixels. */
export function shakeAt(scene: SceneSpec, seed: number, f: number): [number, number] {
  const { amplitude: a, period } = scene.shake;
  if (a <= 0) return [0, 0];
  const w = (2 * Math.PI * f) / Math.max(1, period);
  const c = (v: number) => Math.max(-a, Math.min(a, Math.round(v)));
  return [
    c(a * (0.7 * Math.sin(w + 1.3) + 0.6 * (hash3(f, 11, seed) * 2 - 1))),
    c(a * (0.7 * Math.sin(1.3 * w) + 0.6 * (hash3(f, 12, seed) * 2 - 1))),
  ];
}

/** States of the objects on screen at frame f, far (top) to near (bottom): the drawing order. */
export function statesAt(scene: SceneSpec, seed: number, f: number): ObjectState[] {
  const { width, height } = scene;
  const [sx, sy] = shakeAt(scene, seed, f);
  const out: ObjectState[] = [];
  for (const obj of scene.objects) {
    const k = f - obj.start;
    if (k < 0 || k * 4 >= obj.track.length) continue;
    const t = obj.track;
    const y = t[k * 4 + 1]!;
    const scale = perspectiveScale(y, height, scene.layout.perspective);
    const st = { obj, x: t[k * 4]! + sx, y: y + sy, angle: t[k * 4 + 2]!, pose: t[k * 4 + 3]!, scale };
    const b = objectBounds(obj.size, st.x, st.y, st.angle, scale);
    if (b[2] <= 0 || b[3] <= 0 || b[0] >= width || b[1] >= height) continue;
    out.push(st);
  }
  out.sort((a, b) => a.y - b.y || a.obj.id - b.obj.id);
  return out;
}

const cache = new WeakMap<SceneSpec, SceneRenderer>();

/** Render one frame of a scene (the renderer is cached per scene object). */
export function renderFrame(scene: SceneSpec, frame: number, ids?: Int32Array): Uint8Array {
  let r = cache.get(scene);
  if (!r) {
    r = new SceneRenderer(scene);
    cache.set(scene, r);
  }
  return r.render(frame, ids);
}
