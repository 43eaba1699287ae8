import type { Rng } from '@wsstad/core';
import type { LayoutName, LayoutSpec, Rgb, Vec } from './types';

/** A straight path a -> b in pixels (endpoints may lie off-screen). */
export interface Lane {
  a: Vec;
  b: Vec;
  /** Lateral spread in pixels: pedestrians walk anywhere within +-spread of the centre line. */
  spread: number;
}

/** Where objects can go in a layout, in pixels. */
export interface LayoutModel {
  vehicleLanes: Lane[];
  walkLanes: Lane[];
  /** Region in which pedestrians roam on random straight paths (null: lanes only). */
  roam: [number, number, number, number] | null;
  /** Region in which single-person events (fall, fight, run start) may happen. */
  walkArea: [number, number, number, number];
  /** Index pairs of vehicle lanes that cross (for collisions). */
  crossings: Array<[number, number]>;
}

const j = (rng: Rng, v: number, d: number): number => v + rng.uniform(-d, d);
const shade = (rng: Rng, c: Rgb, d: number): Rgb =>
  c.map((x) => Math.max(0, Math.min(255, Math.round(x + rng.uniform(-d, d))))) as Rgb;

/** A jittered layout: geometry in frame fractions and a palette. */
export function createLayout(name: LayoutName, perspective: number, rng: Rng): LayoutSpec {
  const palette: Record<string, Rgb> = {
    asphalt: shade(rng, [92, 94, 98], 12),
    paving: shade(rng, [168, 164, 156], 14),
    grass: shade(rng, [78, 112, 62], 14),
    wall: shade(
      rng,
      rng.pick([
        [150, 120, 100],
        [170, 168, 160],
        [120, 110, 105],
      ] as Rgb[]),
      12,
    ),
    marking: shade(rng, [225, 222, 205], 8),
    floor: shade(
      rng,
      rng.pick([
        [190, 180, 160],
        [150, 155, 160],
        [175, 160, 140],
      ] as Rgb[]),
      10,
    ),
    accent: shade(rng, [60, 90, 70], 20),
  };
  let geometry: Record<string, number[]>;
  switch (name) {
    case 'road': {
      const y0 = j(rng, 0.45, 0.04),
        h = j(rng, 0.26, 0.02),
        x0 = j(rng, 0.42, 0.08),
        w = j(rng, 0.18, 0.02);
      geometry = { hRoad: [y0, y0 + h], vRoad: [x0, x0 + w], sidewalk: [0.09] };
      break;
    }
    case 'plaza': {
      const y0 = j(rng, 0.1, 0.04);
      const planters = Array.from({ length: rng.int(2, 4) }, () => [
        rng.uniform(0.1, 0.9),
        rng.uniform(0.5, 0.9),
        rng.uniform(0.03, 0.06),
      ]).flat();
      geometry = { road: [y0, y0 + j(rng, 0.2, 0.02)], sidewalk: [0.06], planters, tile: [rng.uniform(0.04, 0.07)] };
      break;
    }
    case 'parking': {
      const y0 = j(rng, 0.38, 0.03);
      geometry = {
        aisle: [y0, y0 + j(rng, 0.28, 0.02)],
        vAisle: [j(rng, 0.76, 0.06), 0],
        stall: [rng.uniform(0.09, 0.12)],
        occupancy: [rng.uniform(0.4, 0.8)],
      };
      geometry.vAisle![1] = geometry.vAisle![0]! + 0.16;
      break;
    }
    case 'corridor': {
      const nd = rng.int(2, 4);
      const doors = Array.from({ length: nd }, (_, i) => [
        (i + 0.5) / nd + rng.uniform(-0.05, 0.05),
        rng.uniform(0.07, 0.1),
      ]).flat();
      geometry = { wall: [j(rng, 0.34, 0.04)], doors, tile: [rng.uniform(0.06, 0.1)] };
      break;
    }
  }
  return { name, perspective, geometry, palette };
}

/** Lanes, walkways and event regions of a layout, in pixels. */
export function layoutModel(spec: LayoutSpec, W: number, H: number): LayoutModel {
  const g = spec.geometry;
  const off = Math.max(W, H) * 0.25; // endpoints well outside the frame
  const hl = (y: number, dir: 1 | -1, spread = 0): Lane =>
    dir > 0 ? { a: [-off, y], b: [W + off, y], spread } : { a: [W + off, y], b: [-off, y], spread };
  const vl = (x: number, dir: 1 | -1, spread = 0): Lane =>
    dir > 0 ? { a: [x, -off], b: [x, H + off], spread } : { a: [x, H + off], b: [x, -off], spread };
  switch (spec.name) {
    case 'road': {
      const [ry0, ry1] = g.hRoad!.map((v) => v * H) as [number, number];
      const [rx0, rx1] = g.vRoad!.map((v) => v * W) as [number, number];
      const sw = g.sidewalk![0]! * H;
      const rh = ry1 - ry0,
        rw = rx1 - rx0;
      const vehicleLanes = [
        hl(ry0 + rh * 0.27, -1),
        hl(ry0 + rh * 0.73, 1),
        vl(rx0 + rw * 0.27, 1),
        vl(rx0 + rw * 0.73, -1),
      ];
      const walkLanes = [
        hl(ry0 - sw / 2, 1, sw * 0.3),
        hl(ry0 - sw / 2, -1, sw * 0.3),
        hl(ry1 + sw / 2, 1, sw * 0.3),
        hl(ry1 + sw / 2, -1, sw * 0.3),
        vl(rx0 - sw * 0.5, 1, sw * 0.2),
        vl(rx1 + sw * 0.5, -1, sw * 0.2),
      ];
      return {
        vehicleLanes,
        walkLanes,
        roam: null,
        walkArea: [0, ry1, W, Math.min(H, ry1 + sw)],
        crossings: [
          [0, 2],
          [0, 3],
          [1, 2],
          [1, 3],
        ],
      };
    }
    case 'plaza': {
      const [ry0, ry1] = g.road!.map((v) => v * H) as [number, number];
      const sw = g.sidewalk![0]! * H;
      const rh = ry1 - ry0;
      return {
        vehicleLanes: [hl(ry0 + rh * 0.27, -1), hl(ry0 + rh * 0.73, 1)],
        walkLanes: [hl(ry1 + sw / 2, 1, sw * 0.3), hl(ry1 + sw / 2, -1, sw * 0.3)],
        roam: [0, ry1 + sw, W, H],
        walkArea: [W * 0.1, ry1 + sw, W * 0.9, H * 0.92],
        crossings: [],
      };
    }
    case 'parking': {
      const [ay0, ay1] = g.aisle!.map((v) => v * H) as [number, number];
      const [vx0, vx1] = g.vAisle!.map((v) => v * W) as [number, number];
      const ah = ay1 - ay0,
        vw = vx1 - vx0;
      return {
        vehicleLanes: [hl(ay0 + ah * 0.3, -1), hl(ay0 + ah * 0.7, 1), vl(vx0 + vw * 0.3, 1), vl(vx0 + vw * 0.7, -1)],
        walkLanes: [hl(ay0 + ah * 0.08, 1, ah * 0.06), hl(ay1 - ah * 0.08, -1, ah * 0.06)],
        roam: [0, ay0, vx0, ay1],
        walkArea: [W * 0.08, ay0, vx0, ay1],
        crossings: [
          [0, 2],
          [0, 3],
          [1, 2],
          [1, 3],
        ],
      };
    }
    case 'corridor': {
      const wy = g.wall![0]! * H;
      return {
        vehicleLanes: [],
        walkLanes: [hl(wy + (H - wy) * 0.3, 1, (H - wy) * 0.15), hl(wy + (H - wy) * 0.7, -1, (H - wy) * 0.15)],
        roam: [0, wy + (H - wy) * 0.15, W, H],
        walkArea: [W * 0.1, wy + (H - wy) * 0.2, W * 0.9, H * 0.95],
        crossings: [],
      };
    }
  }
}

/** Which anomaly/hard-negative kinds a layout can stage. */
export function layoutSupports(name: LayoutName): { vehicles: boolean; collisions: boolean } {
  return { vehicles: name !== 'corridor', collisions: name === 'road' || name === 'parking' };
}
