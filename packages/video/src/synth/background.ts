import { Rng } from '@wsstad/core';
import { drawObject } from './shapes';
import type { Rgb, SceneObject, SceneSpec } from './types';

/**
 * Paint the static textured background of a scene once (the renderer copies it per frame).
 * Deterministic from the scene's layout spec and seed.
 */
export function paintBackground(scene: SceneSpec): Uint8Array {
  const W = scene.width,
    H = scene.height;
  const buf = new Uint8Array(W * H * 3);
  const rng = new Rng(scene.seed).fork('background');
  const p = new Painter(buf, W, H);
  const g = scene.layout.geometry;
  const pal = scene.layout.palette;
  switch (scene.layout.name) {
    case 'road': {
      const [y0, y1] = g.hRoad!.map((v) => v * H) as [number, number];
      const [x0, x1] = g.vRoad!.map((v) => v * W) as [number, number];
      const sw = g.sidewalk![0]! * H;
      p.rect(0, 0, W, H, pal.grass!);
      // Building facades behind the top sidewalk, with windows.
      const top = y0 - sw;
      let bx = -rng.uniform(0, W * 0.1);
      while (bx < W) {
        const bw = rng.uniform(W * 0.18, W * 0.35);
        const wallC = mix(pal.wall!, [rng.int(-25, 25), rng.int(-25, 25), rng.int(-25, 25)]);
        p.rect(bx, 0, bx + bw - 1, top, wallC);
        for (let wy = 3; wy < top - 5; wy += Math.max(6, H * 0.07)) {
          for (let wx = bx + 3; wx < bx + bw - 6; wx += Math.max(6, W * 0.05))
            p.rect(wx, wy, wx + Math.max(3, W * 0.025), wy + Math.max(3, H * 0.035), [70, 82, 96]);
        }
        bx += bw;
      }
      p.rect(0, top, W, y0, pal.paving!);
      p.rect(0, y1, W, y1 + sw, pal.paving!);
      p.tiles(0, top, W, y0, Math.max(4, sw * 0.5), mix(pal.paving!, [-30, -30, -30]));
      p.tiles(0, y1, W, y1 + sw, Math.max(4, sw * 0.5), mix(pal.paving!, [-30, -30, -30]));
      p.rect(0, y0, W, y1, pal.asphalt!);
      p.rect(x0, 0, x1, H, pal.asphalt!);
      // Lane markings: dashed centre lines, stop lines, zebra crossings.
      const cy = (y0 + y1) / 2,
        cx = (x0 + x1) / 2;
      for (let x = 0; x < W; x += 10)
        if (x + 5 < x0 - 3 || x > x1 + 3) p.rect(x, cy - 0.5, x + 5, cy + 0.5, pal.marking!);
      for (let y = 0; y < H; y += 10)
        if (y + 5 < y0 - 3 || y > y1 + 3) p.rect(cx - 0.5, y, cx + 0.5, y + 5, pal.marking!);
      for (let y = y0 + 1; y < y1 - 1; y += 3) {
        p.rect(x0 - sw * 0.9, y, x0 - sw * 0.1, y + 1.5, pal.marking!);
        p.rect(x1 + sw * 0.1, y, x1 + sw * 0.9, y + 1.5, pal.marking!);
      }
      break;
    }
    case 'plaza': {
      const [y0, y1] = g.road!.map((v) => v * H) as [number, number];
      const sw = g.sidewalk![0]! * H;
      p.rect(0, 0, W, y0, pal.grass!);
      p.rect(0, y0, W, y1, pal.asphalt!);
      const cy = (y0 + y1) / 2;
      for (let x = 0; x < W; x += 10) p.rect(x, cy - 0.5, x + 5, cy + 0.5, pal.marking!);
      p.rect(0, y1, W, y1 + sw, mix(pal.paving!, [-15, -15, -15]));
      p.rect(0, y1 + sw, W, H, pal.paving!);
      p.tiles(0, y1 + sw, W, H, Math.max(5, g.tile![0]! * W), mix(pal.paving!, [-25, -22, -20]));
      const pl = g.planters!;
      for (let i = 0; i + 2 < pl.length; i += 3) {
        const r = pl[i + 2]! * W;
        p.circle(pl[i]! * W, pl[i + 1]! * H, r + 1.5, mix(pal.paving!, [-50, -50, -50]));
        p.circle(pl[i]! * W, pl[i + 1]! * H, r, pal.accent!);
      }
      break;
    }
    case 'parking': {
      const [y0, y1] = g.aisle!.map((v) => v * H) as [number, number];
      const [vx0, vx1] = g.vAisle!.map((v) => v * W) as [number, number];
      p.rect(0, 0, W, H, pal.asphalt!);
      const stall = g.stall![0]! * W;
      const occ = g.occupancy![0]!;
      let id = -1000;
      for (const [sy0, sy1] of [
        [2, y0 - 2],
        [y1 + 2, H - 2],
      ] as Array<[number, number]>) {
        for (let x = 1; x < W; x += stall) {
          if (x + stall > vx0 && x < vx1) continue;
          p.rect(x, sy0, x + 1, sy1, pal.marking!);
          if (x + stall <= W && rng.bool(occ)) {
            const len = Math.min(sy1 - sy0 - 3, W * 0.2),
              wid = Math.min(stall - 3, len * 0.48);
            if (len > 6 && wid > 3)
              drawObject(
                buf,
                W,
                H,
                parkedCar(rng, id--, len, wid),
                x + stall / 2,
                (sy0 + sy1) / 2,
                rng.bool() ? Math.PI / 2 : -Math.PI / 2,
                0,
                1,
              );
          }
        }
      }
      for (let x = 0; x < vx0 - 6; x += 12)
        p.rect(x, (y0 + y1) / 2 - 0.5, x + 6, (y0 + y1) / 2 + 0.5, mix(pal.marking!, [-20, -20, 0]));
      break;
    }
    case 'corridor': {
      const wy = g.wall![0]! * H;
      p.rect(0, 0, W, wy, pal.wall!);
      p.rect(0, wy - 3, W, wy, mix(pal.wall!, [-60, -60, -60]));
      const d = g.doors!;
      for (let i = 0; i + 1 < d.length; i += 2) {
        const dx = d[i]! * W,
          dw = d[i + 1]! * W;
        p.rect(dx - dw / 2 - 1, wy * 0.25 - 1, dx + dw / 2 + 1, wy - 3, mix(pal.wall!, [-70, -70, -70]));
        p.rect(dx - dw / 2, wy * 0.25, dx + dw / 2, wy - 3, [110, 80, 55]);
      }
      for (let x = W * 0.05; x < W; x += W * 0.3) p.rect(x, wy * 0.1, x + W * 0.08, wy * 0.16, [240, 240, 225]);
      p.rect(0, wy, W, H, pal.floor!);
      p.tiles(0, wy, W, H, Math.max(5, g.tile![0]! * W), mix(pal.floor!, [-30, -30, -30]));
      break;
    }
  }
  texture(buf, W, H, scene.texture, rng.fork('texture'));
  return buf;
}

function parkedCar(rng: Rng, id: number, len: number, wid: number): SceneObject {
  const body: Rgb = rng.pick([
    [180, 30, 30],
    [30, 60, 160],
    [220, 220, 225],
    [30, 30, 35],
    [150, 150, 155],
    [200, 170, 40],
    [40, 110, 60],
  ] as Rgb[]);
  return {
    id,
    category: 'vehicle',
    size: [len, wid],
    colors: [body, [50, 60, 75], mix(body, [-20, -20, -20])],
    texture: 'plain',
    textureSeed: rng.int(0, 1e6),
    role: 'parked',
    start: 0,
    track: [],
  };
}

function mix(c: Rgb, d: readonly number[]): Rgb {
  return c.map((x, i) => Math.max(0, Math.min(255, x + d[i]!))) as Rgb;
}

/** Coarse value noise (bilinear over a random grid) plus fine grain, multiplicative. */
function texture(
  buf: Uint8Array,
  W: number,
  H: number,
  t: { coarse: number; grain: number; cell: number },
  rng: Rng,
): void {
  const cell = Math.max(2, t.cell);
  const gw = Math.ceil(W / cell) + 2,
    gh = Math.ceil(H / cell) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = rng.next() * 2 - 1;
  for (let y = 0; y < H; y++) {
    const gy = y / cell,
      iy = Math.floor(gy),
      fy = gy - iy;
    for (let x = 0; x < W; x++) {
      const gx = x / cell,
        ix = Math.floor(gx),
        fx = gx - ix;
      const a = grid[iy * gw + ix]!,
        b = grid[iy * gw + ix + 1]!,
        c = grid[(iy + 1) * gw + ix]!,
        d = grid[(iy + 1) * gw + ix + 1]!;
      const n = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
      const f = 1 + t.coarse * n + t.grain * (rng.next() * 2 - 1);
      const o = (y * W + x) * 3;
      for (let k = 0; k < 3; k++) {
        const v = buf[o + k]! * f;
        buf[o + k] = v > 255 ? 255 : v < 0 ? 0 : v;
      }
    }
  }
}

/** Rectangle/tile/circle painting on an RGB buffer (coordinates in pixels, clipped). */
class Painter {
  constructor(
    private buf: Uint8Array,
    private W: number,
    private H: number,
  ) {}
  rect(x1: number, y1: number, x2: number, y2: number, c: Rgb): void {
    const xa = Math.max(0, Math.round(x1)),
      xb = Math.min(this.W, Math.round(x2));
    const ya = Math.max(0, Math.round(y1)),
      yb = Math.min(this.H, Math.round(y2));
    for (let y = ya; y < yb; y++)
      for (let x = xa; x < xb; x++) {
        const o = (y * this.W + x) * 3;
        this.buf[o] = c[0];
        this.buf[o + 1] = c[1];
        this.buf[o + 2] = c[2];
      }
  }
  tiles(x1: number, y1: number, x2: number, y2: number, size: number, line: Rgb): void {
    for (let y = y1; y < y2; y += size) this.rect(x1, y, x2, y + 1, line);
    for (let x = x1; x < x2; x += size) this.rect(x, y1, x + 1, y2, line);
  }
  circle(cx: number, cy: number, r: number, c: Rgb): void {
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(this.H, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(this.W, Math.ceil(cx + r)); x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) {
          const o = (y * this.W + x) * 3;
          this.buf[o] = c[0];
          this.buf[o + 1] = c[1];
          this.buf[o + 2] = c[2];
        }
      }
    }
  }
}
