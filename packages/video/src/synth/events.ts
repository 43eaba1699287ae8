import type { Rng } from '@wsstad/core';
import type { SceneBuilder } from './context';
import { Track, unit } from './motion';
import type { AnomalyType, SceneObject, Vec } from './types';

/** What an anomaly builder staged: its objects and intended frame range. */
export interface Staged {
  objects: Array<SceneObject | null>;
  start: number;
  end: number;
}

type Builder = (b: SceneBuilder, rng: Rng, tc: number, D: number) => Staged | null;

const HALF_PI = Math.PI / 2;
const perp = (d: Vec): Vec => [-d[1], d[0]];
const add = (p: Vec, d: Vec, s: number): Vec => [p[0] + d[0] * s, p[1] + d[1] * s];

/** A person lying down after a fall: rotate 90 degrees forward and drop to the ground. */
function fallDown(tr: Track, dir: Vec, h: number, w: number, push: Vec = [0, 0]): number {
  const side = dir[0] >= 0 ? 1 : -1;
  tr.rotateTo(side * HALF_PI, 4, [push[0] + dir[0] * h * 0.25, push[1] + (h - w) * 0.45], true);
  return side;
}
function getUp(tr: Track, h: number, w: number): void {
  tr.rotateTo(0, 6, [0, -(h - w) * 0.45]);
}

const stillJitter = (rng: Rng) => (k: number) => (k % 13 === 5 && rng.bool(0.5) ? { dx: rng.uniform(-0.6, 0.6) } : {});

export const ANOMALY_BUILDERS: Readonly<Record<AnomalyType, Builder>> = Object.freeze({
  fall: (b, rng, tc, D) => {
    const base = b.look(rng, 'person', 'fall');
    const P = b.eventPoint(rng),
      dir = b.eventDirection(rng);
    const v = b.walkSpeed(rng),
      s = b.scaleAt(P[1]);
    const tr = b.approach(tc, P, dir, v, false);
    fallDown(tr, dir, base.size[1] * s, base.size[0] * s);
    tr.wait(D - 4, stillJitter(rng));
    getUp(tr, base.size[1] * s, base.size[0] * s);
    tr.moveTo(b.exit(tr.pos, dir), v, { stride: b.personH * 0.55 });
    return { objects: [b.build(tr, base)], start: tc, end: tc + D };
  },

  'erratic-run': (b, rng, tc, D) => {
    const base = b.look(rng, 'person', 'erratic-run');
    const P = b.eventPoint(rng),
      dir = b.eventDirection(rng);
    const v = b.walkSpeed(rng);
    const tr = b.approach(tc, P, dir, v, false);
    const run = v * rng.uniform(2.6, 3.6);
    const zig = { amp: b.personH * rng.uniform(0.25, 0.5), period: rng.int(5, 9) };
    // Erratic: sprint between random waypoints with a lateral zig-zag until the event is over.
    let left = D;
    while (left > 0) {
      let Q = b.eventPoint(rng);
      for (let i = 0; i < 5 && Math.hypot(Q[0] - tr.x, Q[1] - tr.y) < b.W * 0.3; i++) Q = b.eventPoint(rng);
      left -= Math.max(1, tr.moveTo(Q, run, { stride: b.personH * 0.7, zigzag: zig, maxFrames: left }));
    }
    tr.moveTo(b.exit(tr.pos, b.eventDirection(rng)), v, { stride: b.personH * 0.55 });
    return { objects: [b.build(tr, base)], start: tc, end: tc + D };
  },

  fight: (b, rng, tc, D) => {
    const A = b.look(rng, 'person', 'fight'),
      B = b.look(rng, 'person', 'fight');
    const P = b.eventPoint(rng),
      dir = b.eventDirection(rng);
    const s = b.scaleAt(P[1]);
    const gap = ((A.size[0] + B.size[0]) / 2) * s * 0.6;
    const va = b.walkSpeed(rng),
      vb = b.walkSpeed(rng);
    const ta = b.approach(tc, add(P, dir, -gap / 2), dir, va, false);
    const tb = b.approach(tc, add(P, dir, gap / 2), [-dir[0], -dir[1]], vb, false);
    const amp = b.personH * s * rng.uniform(0.1, 0.18);
    // Fighting: large, fast, irregular displacements, body tilts and flailing legs.
    const jitter = (k: number) => ({
      dx: rng.uniform(-amp, amp) + Math.sin(k * 1.7) * amp * 0.5,
      dy: rng.uniform(-amp, amp) * 0.6,
      angle: rng.uniform(-0.35, 0.35),
      pose: rng.next(),
    });
    ta.wait(D, jitter);
    tb.wait(D, jitter);
    ta.moveTo(b.exit(ta.pos, [-dir[0], -dir[1]]), va, { stride: b.personH * 0.55 });
    tb.moveTo(b.exit(tb.pos, dir), vb, { stride: b.personH * 0.55 });
    return { objects: [b.build(ta, A), b.build(tb, B)], start: tc, end: tc + D };
  },

  'vehicle-spin': (b, rng, tc, D) => {
    if (b.model.vehicleLanes.length === 0) return null;
    const lane = rng.pick(b.model.vehicleLanes);
    const base = b.look(rng, 'vehicle', 'vehicle-spin');
    const d = unit(lane.a, lane.b);
    const P = lanePoint(b, rng, lane.a, d);
    const v = b.driveSpeed(rng),
      s = b.scaleAt(P[1]);
    const overturn = rng.bool(0.4);
    const t = overturn ? b.F - D : tc;
    const tr = b.approach(t, P, d, v, true);
    const S = Math.min(D - 1, rng.int(8, 14));
    const turn = (rng.bool() ? 1 : -1) * Math.PI * rng.uniform(1, 2.5);
    const slide = add(add([0, 0], d, v * S * 0.45), perp(d), rng.uniform(-0.6, 0.6) * base.size[1] * s);
    const h = Math.floor(S / 2);
    tr.rotateTo(tr.angle + turn / 2, h, [slide[0] / 2, slide[1] / 2]);
    if (overturn) tr.pose = 1;
    tr.rotateTo(tr.angle + turn / 2, S - h, [slide[0] / 2, slide[1] / 2], true);
    if (overturn) {
      tr.wait(D);
      return { objects: [b.build(tr, { ...base, role: 'vehicle-overturn' })], start: t, end: b.F };
    }
    tr.wait(D - S, stillJitter(rng));
    // Straighten up and drive off slowly.
    const heading = Math.atan2(d[1], d[0]);
    tr.rotateTo(tr.angle + wrap(heading - tr.angle), 6);
    tr.moveTo(add(tr.pos, d, base.size[0] * 2), v * 0.15, { endSpeed: v });
    tr.moveTo(b.exit(tr.pos, d), v);
    return { objects: [b.build(tr, base)], start: tc, end: tc + D };
  },

  'vehicle-collision': (b, rng, tc, D) => {
    if (b.model.crossings.length === 0) return null;
    let [i, j] = rng.pick(b.model.crossings);
    if (rng.bool()) [i, j] = [j, i];
    const la = b.model.vehicleLanes[i]!,
      lb = b.model.vehicleLanes[j]!;
    const P = intersect(la.a, la.b, lb.a, lb.b);
    if (!P) return null;
    const A = b.look(rng, 'vehicle', 'vehicle-collision'),
      B = b.look(rng, 'vehicle', 'vehicle-collision');
    const da = unit(la.a, la.b),
      db = unit(lb.a, lb.b);
    const s = b.scaleAt(P[1]);
    const va = b.driveSpeed(rng),
      vb = b.driveSpeed(rng);
    const PA = add(P, da, rng.uniform(-0.3, 0.3) * A.size[0] * s);
    const PB = add(P, db, -((A.size[1] * s) / 2 + (B.size[0] * s) / 2 - 1.5));
    const ta = b.approach(tc, PA, da, va, true);
    const tb = b.approach(tc, PB, db, vb, true);
    // Impact: A is shoved sideways and twisted, B stops dead with a small twist.
    ta.rotateTo(
      ta.angle + (rng.bool() ? 1 : -1) * rng.uniform(0.3, 0.7),
      4,
      add([0, 0], db, A.size[1] * s * 0.45),
      true,
    );
    tb.rotateTo(tb.angle + (rng.bool() ? 1 : -1) * rng.uniform(0.1, 0.3), 3, add([0, 0], db, 2), true);
    ta.wait(D - 4, stillJitter(rng));
    tb.wait(D - 3, stillJitter(rng));
    const ha = Math.atan2(da[1], da[0]),
      hb = Math.atan2(db[1], db[0]);
    ta.rotateTo(ta.angle + wrap(ha - ta.angle), 5);
    const clear = ta.moveTo(add(ta.pos, da, A.size[0] * s + B.size[1] * s + 4), va * 0.2, { endSpeed: va });
    ta.moveTo(b.exit(ta.pos, da), va);
    tb.wait(5 + clear + 4);
    tb.rotateTo(tb.angle + wrap(hb - tb.angle), 5);
    tb.moveTo(add(tb.pos, db, B.size[0] * s), vb * 0.2, { endSpeed: vb });
    tb.moveTo(b.exit(tb.pos, db), vb);
    return { objects: [b.build(ta, A), b.build(tb, B)], start: tc, end: tc + D };
  },

  'vehicle-pedestrian': (b, rng, tc, D) => {
    if (b.model.vehicleLanes.length === 0) return null;
    const lane = rng.pick(b.model.vehicleLanes);
    const dv = unit(lane.a, lane.b);
    const P = lanePoint(b, rng, lane.a, dv);
    const V = b.look(rng, 'vehicle', 'vehicle-pedestrian'),
      Pn = b.look(rng, 'person', 'vehicle-pedestrian');
    const s = b.scaleAt(P[1]);
    const side = rng.bool() ? 1 : -1;
    const dp: Vec = [perp(dv)[0] * side, perp(dv)[1] * side];
    const vv = b.driveSpeed(rng),
      vp = b.walkSpeed(rng);
    const tp = b.approach(tc, P, dp, vp, false);
    const PV = add(P, dv, -((V.size[0] * s) / 2 + (Pn.size[0] * s) / 2 - 1));
    const tv = b.approach(tc, PV, dv, vv, true);
    const h = Pn.size[1] * s,
      w = Pn.size[0] * s;
    // Impact: the pedestrian is thrown forward and falls; the vehicle brakes hard.
    fallDown(tp, dv, h, w, add([0, 0], dv, V.size[0] * s * 0.45));
    tv.rotateTo(tv.angle, 3, add([0, 0], dv, V.size[0] * s * 0.15), true);
    tp.wait(D - 4, stillJitter(rng));
    tv.wait(D - 3);
    getUp(tp, h, w);
    const away = tp.moveTo(b.exit(tp.pos, dp), vp, { stride: b.personH * 0.55 });
    tv.wait(6 + Math.min(away, Math.ceil((V.size[1] * s + h) / vp) + 6));
    tv.moveTo(add(tv.pos, dv, V.size[0] * s), vv * 0.2, { endSpeed: vv });
    tv.moveTo(b.exit(tv.pos, dv), vv);
    return { objects: [b.build(tv, V), b.build(tp, Pn)], start: tc, end: tc + D };
  },
});

/** Signed angle difference in (-pi, pi]. */
export function wrap(a: number): number {
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

/** A point on a lane well inside the frame. */
export function lanePoint(b: SceneBuilder, rng: Rng, a: Vec, d: Vec): Vec {
  const horizontal = Math.abs(d[0]) > Math.abs(d[1]);
  if (horizontal) return [rng.uniform(0.25, 0.75) * b.W, a[1]];
  return [a[0], rng.uniform(0.3, 0.75) * b.H];
}

/** Intersection of two lines (through a1-b1 and a2-b2), or null when parallel. */
export function intersect(a1: Vec, b1: Vec, a2: Vec, b2: Vec): Vec | null {
  const d1: Vec = [b1[0] - a1[0], b1[1] - a1[1]],
    d2: Vec = [b2[0] - a2[0], b2[1] - a2[1]];
  const den = d1[0] * d2[1] - d1[1] * d2[0];
  if (Math.abs(den) < 1e-9) return null;
  const t = ((a2[0] - a1[0]) * d2[1] - (a2[1] - a1[1]) * d2[0]) / den;
  return [a1[0] + d1[0] * t, a1[1] + d1[1] * t];
}
