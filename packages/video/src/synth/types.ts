/**
 * The scene description of one synthetic video (`<id>.scene.json`). Plain JSON: everything a
 * renderer needs to produce every frame deterministically; no pixels are stored.
 */
export type LayoutName = 'road' | 'plaza' | 'parking' | 'corridor';
export type AnomalyType =
  'fall' | 'vehicle-spin' | 'erratic-run' | 'vehicle-collision' | 'vehicle-pedestrian' | 'fight';
export type HardNegativeType = 'near-pass' | 'side-by-side' | 'stop-and-go' | 'standing';
export type ObjectCategory = 'person' | 'vehicle';
export type Rgb = [number, number, number];
export type Vec = [number, number];

export const LAYOUTS: readonly LayoutName[] = Object.freeze(['road', 'plaza', 'parking', 'corridor']);
export const ANOMALY_TYPES: readonly AnomalyType[] = Object.freeze([
  'fall',
  'vehicle-spin',
  'erratic-run',
  'vehicle-collision',
  'vehicle-pedestrian',
  'fight',
]);
export const HARD_NEGATIVE_TYPES: readonly HardNegativeType[] = Object.freeze([
  'near-pass',
  'side-by-side',
  'stop-and-go',
  'standing',
]);

export interface SceneObject {
  id: number;
  category: ObjectCategory;
  /**
   * Local extent at perspective scale 1, in pixels: person [width, height] upright;
   * vehicle [length, width] along its heading.
   */
  size: Vec;
  /** person: shirt, trousers, head; vehicle: body, windows, roof. */
  colors: [Rgb, Rgb, Rgb];
  texture: 'plain' | 'stripes' | 'checks' | 'speckle';
  textureSeed: number;
  /** Why the generator placed it: 'traffic', 'pedestrian', an anomaly type, or a hard-negative type. */
  role: string;
  /** First frame of `track`. */
  start: number;
  /**
   * Flattened per-frame state from `start`: x, y (centre, px), angle (rad, clockwise; person 0 =
   * upright, vehicle = heading), pose (person: gait phase in [0, 1); vehicle: 1 when overturned).
   */
  track: number[];
}

export interface SceneEvent {
  type: AnomalyType;
  /** Half-open frame range during which the event lasts (the objects involved are visible). */
  startFrame: number;
  endFrame: number;
  objectIds: number[];
}

/** Layout geometry in fractions of the frame, jittered per video. */
export interface LayoutSpec {
  name: LayoutName;
  /** Object scale at the top of the frame is 1 - perspective (objects farther away look smaller). */
  perspective: number;
  /** Named bands/regions in frame fractions; which keys exist depends on the layout. */
  geometry: Record<string, number[]>;
  palette: Record<string, Rgb>;
}

export interface SceneSpec {
  format: 'wsstad-scene';
  version: 1;
  id: string;
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  label: 'normal' | 'abnormal';
  /** Seed string of the per-pixel texture and sensor-noise streams. */
  seed: string;
  layout: LayoutSpec;
  /** Background texture: amplitude of the coarse value noise and of the per-pixel grain. */
  texture: { coarse: number; grain: number; cell: number };
  /** Sensor noise standard deviation in grey levels. */
  noise: { std: number };
  /** Slow illumination drift: gain = 1 + amplitude * sin(2 pi t / period + phase), plus offset. */
  illumination: { amplitude: number; period: number; phase: number; offset: number };
  /** Camera shake in whole pixels (0 = fixed camera). */
  shake: { amplitude: number; period: number };
  objects: SceneObject[];
  event: SceneEvent | null;
  /** Hard negatives staged in this video (normal-looking situations that resemble anomalies). */
  hardNegatives: HardNegativeType[];
}

/** Generator settings; every field can be overridden (`overrides` / `wsstad synth --set key=value`). */
export interface SynthConfig {
  trainVideos: number;
  testVideos: number;
  abnormalShare: number;
  width: number;
  height: number;
  fps: number;
  frames: number;
  layouts: LayoutName[];
  anomalies: AnomalyType[];
  hardNegatives: HardNegativeType[];
  hardNegativesPerVideo: number;
  eventShareMin: number;
  eventShareMax: number;
  peoplePerMinute: number;
  vehiclesPerMinute: number;
  personHeight: number;
  vehicleLength: number;
  walkSpeed: number;
  vehicleSpeed: number;
  perspective: number;
  noiseStd: number;
  illuminationAmplitude: number;
  shakeProbability: number;
  shakeAmplitude: number;
  writeTrainGroundTruth: boolean;
}

export type SynthPresetName = 'tiny' | 'small' | 'medium';
