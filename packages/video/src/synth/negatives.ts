import type { Rng } from '@wsstad/core';
import type { SceneBuilder } from './context';
import { lanePoint } from './events';
import { Track, unit } from './motion';
import type { HardNegativeType, SceneObject, Vec } from './types';

/**
 * Hard negatives: normal situations that share something with an anomaly (proximity, stopping,
 * standing still) but none of its motion. Each returns a builder attempt for SceneBuilder.tryAdd.
 */
type Attempt = () => Array<SceneObject | null> | null;
type NegativeBuilder = (b: SceneBuilder, rng: Rng) => Attempt | null;

const add = (p: Vec, d: Vec, s: number): Vec => [p[0] + d[0] * s, p[1] + d[1] * s];
const neg = (d: Vec): Vec => [-d[0], -d[1]];

export const NEGATIVE_BUILDERS: Readonly<Record<HardNegativeType, NegativeBuilder>> = Object.freeze({
  'near-pass': (b, rng) => {
    if (b.model.crossings.length > 0 && rng.bool(0.5)) return () => vehicleNearPass(b, rng);
    return () => {
      const A = b.look(rng, 'person', 'near-pass'),
        B = b.look(rng, 'person', 'near-pass');
      const P = b.eventPoint(rng),
        d = b.eventDirection(rng),
        s = b.scaleAt(P[1]);
      const off = ((A.size[0] + B.size[0]) / 4) * s + rng.uniform(0.8, 2);
      const pd: Vec = [-d[1], d[0]];
      const t = rng.int(Math.round(b.F * 0.1), Math.round(b.F * 0.9));
      const va = b.walkSpeed(rng),
        vb = b.walkSpeed(rng);
      const ta = b.approach(t, add(P, pd, -off), d, va, false);
      ta.moveTo(b.exit(ta.pos, d), va, { stride: b.personH * 0.55 });
      const tb = b.approach(t, add(P, pd, off), neg(d), vb, false);
      tb.moveTo(b.exit(tb.pos, neg(d)), vb, { stride: b.personH * 0.55 });
      return [b.build(ta, A), b.build(tb, B)];
    };
  },

  'side-by-side': (b, rng) => () => {
    const A = b.look(rng, 'person', 'side-by-side'),
      B = b.look(rng, 'person', 'side-by-side');
    const { from, to } = b.personPath(rng);
    const d = unit(from, to),
      pd: Vec = [-d[1], d[0]];
    const s = b.scaleAt((from[1] + to[1]) / 2);
    const off = ((A.size[0] + B.size[0]) / 2) * s + rng.uniform(0.8, 2.5);
    const t0 = rng.int(-Math.round(b.F * 0.3), Math.round(b.F * 0.6));
    const v = b.walkSpeed(rng);
    const ta = new Track(t0, from),
      tb = new Track(t0, add(from, pd, off));
    ta.moveTo(to, v, { stride: b.personH * 0.55 });
    tb.pose = 0.5;
    tb.moveTo(add(to, pd, off), v, { stride: b.personH * 0.55 });
    return [b.build(ta, A), b.build(tb, B)];
  },

  'stop-and-go': (b, rng) => {
    if (b.model.vehicleLanes.length === 0) return null;
    return () => {
      const lane = rng.pick(b.model.vehicleLanes);
      const d = unit(lane.a, lane.b);
      const S = lanePoint(b, rng, lane.a, d);
      const A = b.look(rng, 'vehicle', 'stop-and-go');
      const v = b.driveSpeed(rng),
        s = b.scaleAt(S[1]);
      const arrive = rng.int(Math.round(b.F * 0.15), Math.round(b.F * 0.55));
      const wait = Math.round(b.cfg.fps * rng.uniform(1.5, 4));
      const mk = (o: typeof A, stop: Vec, tArr: number, tDep: number): Track => {
        const brake = o.size[0] * s * 1.5;
        const tr = b.approach(tArr - Math.ceil((2 * brake) / (v + 0.05 * v)), add(stop, d, -brake), d, v, true);
        tr.moveTo(stop, v, { endSpeed: v * 0.05, heading: true });
        tr.wait(Math.max(1, tDep - tr.t));
        tr.moveTo(add(stop, d, o.size[0] * s * 2), v * 0.1, { endSpeed: v });
        tr.moveTo(b.exit(tr.pos, d), v);
        return tr;
      };
      const out = [b.build(mk(A, S, arrive, arrive + wait), A)];
      if (rng.bool(0.5)) {
        // A second car queues behind and leaves a moment after the first.
        const B = b.look(rng, 'vehicle', 'stop-and-go');
        const stopB = add(S, d, -((A.size[0] + B.size[0]) / 2) * s - rng.uniform(2, 5));
        out.push(b.build(mk(B, stopB, arrive + rng.int(2, 10), arrive + wait + rng.int(3, 6)), B));
      }
      return out;
    };
  },

  standing: (b, rng) => () => {
    const A = b.look(rng, 'person', 'standing');
    const P = b.eventPoint(rng),
      d = b.eventDirection(rng);
    const t = rng.int(0, Math.round(b.F * 0.4));
    const stay = Math.round(b.F * rng.uniform(0.3, 0.6));
    const v = b.walkSpeed(rng);
    const sway = (k: number) => ({ dx: 0.3 * Math.sin(k / 9) });
    const ta = b.approach(t, P, d, v, false);
    ta.wait(stay, sway);
    ta.moveTo(b.exit(ta.pos, d), v, { stride: b.personH * 0.55 });
    const out = [b.build(ta, A)];
    if (rng.bool(0.5)) {
      // A second person stands face to face, talking: close, but calm.
      const B = b.look(rng, 'person', 'standing');
      const Q = add(P, d, ((A.size[0] + B.size[0]) / 2) * b.scaleAt(P[1]) * 1.15);
      const tb = b.approach(t + rng.int(-3, 3), Q, neg(d), v, false);
      tb.wait(stay, sway);
      tb.moveTo(b.exit(tb.pos, neg(d)), v, { stride: b.personH * 0.55 });
      out.push(b.build(tb, B));
    }
    return out;
  },
});

function vehicleNearPass(b: SceneBuilder, rng: Rng): Array<SceneObject | null> | null {
  const [i, j] = rng.pick(b.model.crossings);
  const la = b.model.vehicleLanes[i]!,
    lb = b.model.vehicleLanes[j]!;
  const da = unit(la.a, la.b),
    db = unit(lb.a, lb.b);
  const P: Vec = Math.abs(da[0]) > Math.abs(da[1]) ? [lb.a[0], la.a[1]] : [la.a[0], lb.a[1]];
  const A = b.look(rng, 'vehicle', 'near-pass'),
    B = b.look(rng, 'vehicle', 'near-pass');
  const va = b.driveSpeed(rng),
    vb = b.driveSpeed(rng);
  const t = rng.int(Math.round(b.F * 0.15), Math.round(b.F * 0.85));
  const ta = b.approach(t, P, da, va, true);
  ta.moveTo(b.exit(P, da), va);
  const oa = b.build(ta, A);
  if (!oa) return null;
  // B reaches the crossing just after A has cleared it: the smallest delay without contact.
  const s = b.scaleAt(P[1]);
  const delay =
    Math.ceil(((A.size[0] + B.size[1]) * s * 0.5 + 2) / va + ((B.size[0] + A.size[1]) * s * 0.5) / vb) + rng.int(1, 3);
  const tb = b.approach(t + delay, P, db, vb, true);
  tb.moveTo(b.exit(P, db), vb);
  return [oa, b.build(tb, B)];
}
