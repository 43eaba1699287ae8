import type { Rng } from '@wsstad/core';
import { SceneBuilder } from './context';
import { ANOMALY_BUILDERS } from './events';
import { createLayout, layoutModel } from './layouts';
import { Track } from './motion';
import { NEGATIVE_BUILDERS } from './negatives';
import type {
  AnomalyType,
  HardNegativeType,
  LayoutName,
  SceneEvent,
  SceneObject,
  SceneSpec,
  SynthConfig,
} from './types';

export interface SceneRequest {
  id: string;
  anomaly: AnomalyType | null;
  layout: LayoutName;
  cfg: SynthConfig;
  /** Seed string of this video (its rng and its texture/noise streams derive from it). */
  seed: string;
  rng: Rng;
}

const EVENT_TRIES = 12;

/** Stage one video: layout, the anomaly (if any), hard negatives, then background traffic. */
export function buildScene(req: SceneRequest): SceneSpec {
  const { cfg, rng } = req;
  const layout = createLayout(req.layout, cfg.perspective, rng.fork('layout'));
  const b = new SceneBuilder(cfg, layoutModel(layout, cfg.width, cfg.height), cfg.perspective);
  const F = cfg.frames;
  let event: SceneEvent | null = null;
  if (req.anomaly) {
    for (let a = 0; a < EVENT_TRIES && !event; a++) {
      const er = rng.fork(`event-${a}`);
      const D = Math.max(4, Math.round(er.uniform(cfg.eventShareMin, cfg.eventShareMax) * F));
      const tc = er.int(Math.round(F * 0.08), Math.max(Math.round(F * 0.08), F - D - Math.round(F * 0.05)));
      const staged = ANOMALY_BUILDERS[req.anomaly](b, er, tc, D);
      if (!staged || staged.objects.some((o) => !o)) continue;
      const objs = staged.objects as SceneObject[];
      const span = visibleSpan(b, objs, staged.start, Math.min(F, staged.end));
      if (!span || span[1] - span[0] < Math.max(3, 0.6 * (staged.end - staged.start))) continue;
      const ids = objs.map((o) => b.add(o).id);
      event = { type: req.anomaly, startFrame: span[0], endFrame: span[1], objectIds: ids };
    }
    if (!event) throw new Error(`synth: could not stage '${req.anomaly}' in layout '${req.layout}' for ${req.id}`);
  }
  const hard: HardNegativeType[] = [];
  const nNeg = req.anomaly ? Math.floor(cfg.hardNegativesPerVideo / 2) : cfg.hardNegativesPerVideo;
  const choices = rng
    .fork('negatives')
    .shuffle(cfg.hardNegatives.filter((t) => NEGATIVE_BUILDERS[t](b, rng.fork('probe')) !== null));
  for (let k = 0; k < nNeg && choices.length > 0; k++) {
    const type = choices[k % choices.length]!;
    const nr = rng.fork(`negative-${k}`);
    const attempt = NEGATIVE_BUILDERS[type](b, nr);
    if (attempt && b.tryAdd(8, attempt)) hard.push(type);
  }
  addTraffic(b, rng.fork('traffic'));
  const vr = rng.fork('sensor');
  return {
    format: 'wsstad-scene',
    version: 1,
    id: req.id,
    width: cfg.width,
    height: cfg.height,
    fps: cfg.fps,
    frameCount: F,
    label: req.anomaly ? 'abnormal' : 'normal',
    seed: req.seed,
    layout,
    texture: { coarse: round(vr.uniform(0.05, 0.12)), grain: round(vr.uniform(0.03, 0.07)), cell: vr.int(6, 14) },
    noise: { std: round(cfg.noiseStd * vr.uniform(0.7, 1.3)) },
    illumination: {
      amplitude: round(cfg.illuminationAmplitude * vr.uniform(0.3, 1)),
      period: Math.round(F * vr.uniform(0.5, 2)),
      phase: round(vr.uniform(0, 2 * Math.PI)),
      offset: round(vr.uniform(-8, 8)),
    },
    shake: vr.bool(cfg.shakeProbability)
      ? { amplitude: cfg.shakeAmplitude, period: vr.int(Math.round(cfg.fps), Math.round(cfg.fps * 4)) }
      : { amplitude: 0, period: 1 },
    objects: b.objects.slice().sort((x, y) => x.id - y.id),
    event,
    hardNegatives: hard,
  };
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** First and one-past-last frame in [start, end) where some object of `objs` is on screen. */
function visibleSpan(b: SceneBuilder, objs: SceneObject[], start: number, end: number): [number, number] | null {
  let first = -1,
    last = -1;
  for (let f = Math.max(0, start); f < end; f++) {
    if (objs.some((o) => f >= o.start && f < o.start + o.track.length / 4)) {
      if (first < 0) first = f;
      last = f;
    }
  }
  return first < 0 ? null : [first, last + 1];
}

function poisson(rng: Rng, mean: number): number {
  const l = Math.exp(-mean);
  let k = 0,
    p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l && k < 1000);
  return k - 1;
}

/** Background pedestrians and vehicles arriving at Poisson rates over the whole video. */
function addTraffic(b: SceneBuilder, rng: Rng): void {
  const cfg = b.cfg;
  const walkLead = Math.ceil(b.W / ((cfg.walkSpeed * b.personH) / cfg.fps));
  const people = poisson(rng, (cfg.peoplePerMinute / 60) * ((b.F + walkLead) / cfg.fps));
  for (let k = 0; k < people; k++) {
    const r = rng.fork(`person-${k}`);
    b.tryAdd(4, () => {
      const base = b.look(r, 'person', 'pedestrian');
      const { from, to } = b.personPath(r);
      const tr = new Track(r.int(-walkLead, b.F - 1), from, 0, r.next());
      tr.moveTo(to, b.walkSpeed(r), { stride: b.personH * 0.55 });
      return [b.build(tr, base)];
    });
  }
  const lanes = b.model.vehicleLanes;
  if (lanes.length === 0) return;
  const driveLead = Math.ceil((b.W * 1.5) / ((cfg.vehicleSpeed * b.vehicleL) / cfg.fps));
  const vehicles = poisson(rng, (cfg.vehiclesPerMinute / 60) * ((b.F + driveLead) / cfg.fps));
  for (let k = 0; k < vehicles; k++) {
    const r = rng.fork(`vehicle-${k}`);
    b.tryAdd(6, () => {
      const base = b.look(r, 'vehicle', 'traffic');
      const lane = r.pick(lanes);
      const tr = new Track(
        r.int(-driveLead, b.F - 1),
        lane.a,
        Math.atan2(lane.b[1] - lane.a[1], lane.b[0] - lane.a[0]),
      );
      tr.moveTo(lane.b, b.driveSpeed(r), { heading: true });
      return [b.build(tr, base)];
    });
  }
}
