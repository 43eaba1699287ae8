import type { Rng } from '@wsstad/core';
import type { LayoutModel } from './layouts';
import { appearance, finishTrack, rayExit, Track, unit } from './motion';
import { objectBounds, perspectiveScale } from './shapes';
import type { ObjectCategory, SceneObject, SynthConfig, Vec } from './types';

/** Everything the scenario builders share while one video's objects are placed. */
export class SceneBuilder {
  readonly objects: SceneObject[] = [];
  private nextId = 1;
  readonly W: number;
  readonly H: number;
  readonly F: number;
  readonly personH: number;
  readonly vehicleL: number;

  constructor(
    readonly cfg: SynthConfig,
    readonly model: LayoutModel,
    readonly perspective: number,
  ) {
    this.W = cfg.width;
    this.H = cfg.height;
    this.F = cfg.frames;
    this.personH = cfg.personHeight * cfg.height;
    this.vehicleL = cfg.vehicleLength * cfg.width;
  }

  scaleAt(y: number): number {
    return perspectiveScale(y, this.H, this.perspective);
  }
  walkSpeed(rng: Rng): number {
    return (this.cfg.walkSpeed * this.personH * rng.uniform(0.75, 1.25)) / this.cfg.fps;
  }
  driveSpeed(rng: Rng): number {
    return (this.cfg.vehicleSpeed * this.vehicleL * rng.uniform(0.75, 1.3)) / this.cfg.fps;
  }
  margin(): number {
    return Math.max(this.personH, this.vehicleL) * 0.8;
  }

  /** A new object's appearance and id (the id is only consumed when the object is kept). */
  look(rng: Rng, category: ObjectCategory, role: string): Omit<SceneObject, 'start' | 'track'> {
    return { id: this.nextId, category, role, ...appearance(rng, category, this.personH, this.vehicleL) };
  }

  /** A track that walks/drives from outside the frame to `p`, arriving exactly at frame `t`. */
  approach(t: number, p: Vec, dir: Vec, speed: number, vehicle: boolean): Track {
    const entry = rayExit(p, [-dir[0], -dir[1]], this.W, this.H, this.margin());
    const n = Math.max(1, Math.ceil(Math.hypot(p[0] - entry[0], p[1] - entry[1]) / speed));
    const tr = new Track(t - n, entry, vehicle ? Math.atan2(dir[1], dir[0]) : 0);
    tr.moveTo(p, speed, { heading: vehicle, stride: vehicle ? 0 : this.personH * 0.55 });
    return tr;
  }

  exit(from: Vec, dir: Vec): Vec {
    return rayExit(from, dir, this.W, this.H, this.margin());
  }

  /** Turn a track into an object; null when it is never on screen. */
  build(track: Track, base: Omit<SceneObject, 'start' | 'track'>): SceneObject | null {
    return finishTrack(track, base, this.W, this.H, this.F, this.perspective);
  }

  /**
   * Whether `obj` touches a vehicle (or, being a vehicle, anything) in some frame: normal traffic
   * must never look like a collision. People may overlap people (occlusion).
   */
  conflicts(obj: SceneObject, ignore: ReadonlySet<number> = new Set(), gap = 1): boolean {
    for (const other of this.objects) {
      if (ignore.has(other.id) || (obj.category !== 'vehicle' && other.category !== 'vehicle')) continue;
      const f0 = Math.max(obj.start, other.start);
      const f1 = Math.min(obj.start + obj.track.length / 4, other.start + other.track.length / 4);
      for (let f = f0; f < f1; f++) {
        const a = this.boundsAt(obj, f),
          b = this.boundsAt(other, f);
        if (a[0] - gap < b[2] && b[0] - gap < a[2] && a[1] - gap < b[3] && b[1] - gap < a[3]) return true;
      }
    }
    return false;
  }

  boundsAt(o: SceneObject, f: number): [number, number, number, number] {
    const k = (f - o.start) * 4,
      t = o.track;
    return objectBounds(o.size, t[k]!, t[k + 1]!, t[k + 2]!, this.scaleAt(t[k + 1]!));
  }

  /** Keep the object (assigning its id). */
  add(obj: SceneObject): SceneObject {
    obj.id = this.nextId++;
    this.objects.push(obj);
    return obj;
  }

  /** Try `make` up to `tries` times until its objects are valid and conflict-free; keep them. */
  tryAdd(
    tries: number,
    make: (attempt: number) => Array<SceneObject | null> | null,
    ignore: ReadonlySet<number> = new Set(),
  ): SceneObject[] | null {
    for (let a = 0; a < tries; a++) {
      const objs = make(a);
      if (!objs || objs.some((o) => !o)) continue;
      const list = objs as SceneObject[];
      if (list.some((o) => this.conflicts(o, ignore))) continue;
      const base = this.nextId;
      list.forEach((o, i) => {
        o.id = base + i;
      });
      // Objects of one group must not touch each other either, when a vehicle is among them.
      const saved = this.objects.length;
      let ok = true;
      for (const o of list) {
        if (this.conflicts(o, ignore)) {
          ok = false;
          break;
        }
        this.objects.push(o);
      }
      if (!ok) {
        this.objects.length = saved;
        continue;
      }
      this.nextId += list.length;
      return list;
    }
    return null;
  }

  /** A random pedestrian path (lane with lateral offset, or a roaming straight path). */
  personPath(rng: Rng): { from: Vec; to: Vec } {
    const m = this.model;
    const mg = this.margin();
    if (m.roam && (m.walkLanes.length === 0 || rng.bool(0.6))) {
      const [x0, y0, x1, y1] = m.roam;
      const side = (s: number): Vec =>
        s === 0
          ? [-mg, rng.uniform(y0 + 4, y1 - 2)]
          : s === 1
            ? [this.W + mg, rng.uniform(y0 + 4, y1 - 2)]
            : [rng.uniform(x0, x1), this.H + mg];
      const s0 = rng.int(0, 2);
      const s1 = (s0 + rng.int(1, 2)) % 3;
      return { from: side(s0), to: side(s1) };
    }
    const lane = rng.pick(m.walkLanes);
    const d = unit(lane.a, lane.b);
    const off = rng.uniform(-lane.spread, lane.spread);
    return {
      from: [lane.a[0] - d[1] * off, lane.a[1] + d[0] * off],
      to: [lane.b[0] - d[1] * off, lane.b[1] + d[0] * off],
    };
  }

  /** A point where single-person events can happen, fully on screen. */
  eventPoint(rng: Rng): Vec {
    const [x0, y0, x1, y1] = this.model.walkArea;
    const mx = this.personH * 0.8,
      my = this.personH * 0.6;
    return [
      rng.uniform(Math.max(x0, mx), Math.min(x1, this.W - mx)),
      rng.uniform(Math.max(y0, my), Math.min(y1, this.H - my)),
    ];
  }

  /** A walking direction at an event point: along the lanes, or any mostly-horizontal heading when roaming. */
  eventDirection(rng: Rng): Vec {
    const a = (this.model.roam ? rng.uniform(-0.5, 0.5) : 0) + (rng.bool() ? Math.PI : 0);
    return [Math.cos(a), Math.sin(a)];
  }
}
