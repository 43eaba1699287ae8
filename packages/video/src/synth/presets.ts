import { cfg, lookup, normalizeWith, parseCliSettings } from '@wsstad/core';
import { DEFAULT_SYNTH_CONFIG } from '../defaults';
import { ANOMALY_TYPES, HARD_NEGATIVE_TYPES, LAYOUTS, type SynthConfig, type SynthPresetName } from './types';

/**
 * Presets. `small` is the default benchmark: 224 videos x 224 frames (~50k frames) at 160x120,
 * sized so the whole default pipeline runs in minutes on 2 cores.
 */
export const SYNTH_PRESETS: Readonly<Record<SynthPresetName, Readonly<SynthConfig>>> = Object.freeze({
  tiny: Object.freeze({ ...DEFAULT_SYNTH_CONFIG, trainVideos: 4, testVideos: 4, width: 128, height: 96, frames: 80 }),
  small: DEFAULT_SYNTH_CONFIG,
  medium: Object.freeze({
    ...DEFAULT_SYNTH_CONFIG,
    trainVideos: 320,
    testVideos: 128,
    width: 320,
    height: 240,
    fps: 15,
    frames: 360,
  }),
});

const list = <T extends string>(values: readonly T[]) => {
  const allowed = `a non-empty list of ${values.join(', ')}`;
  return cfg.list(cfg.oneOf(values, allowed), { min: 1, allowed });
};

const SHAPE = {
  trainVideos: cfg.int(0, 100000),
  testVideos: cfg.int(0, 100000),
  abnormalShare: cfg.num(0, 1),
  width: cfg.int(48, 4096),
  height: cfg.int(36, 4096),
  fps: cfg.num(1, 120),
  frames: cfg.int(32, 100000),
  layouts: list(LAYOUTS),
  anomalies: list(ANOMALY_TYPES),
  hardNegatives: list(HARD_NEGATIVE_TYPES),
  hardNegativesPerVideo: cfg.int(0, 8),
  eventShareMin: cfg.num(0.01, 0.9),
  eventShareMax: cfg.num(0.01, 0.9),
  peoplePerMinute: cfg.num(0, 600),
  vehiclesPerMinute: cfg.num(0, 600),
  personHeight: cfg.num(0.05, 0.6),
  vehicleLength: cfg.num(0.05, 0.6),
  walkSpeed: cfg.num(0.05, 5),
  vehicleSpeed: cfg.num(0.1, 10),
  perspective: cfg.num(0, 0.7),
  noiseStd: cfg.num(0, 40),
  illuminationAmplitude: cfg.num(0, 0.5),
  shakeProbability: cfg.num(0, 1),
  shakeAmplitude: cfg.int(0, 8),
  writeTrainGroundTruth: cfg.bool(),
};

/** `dataset.synth.overrides` of a pipeline file: any subset of the settings (for the JSON Schema). */
export const SYNTH_OVERRIDES_SCHEMA = cfg.object(SHAPE);

const SYNTH_SCHEMA = cfg.refine(
  cfg.refine(
    cfg.defineConfig(SHAPE, DEFAULT_SYNTH_CONFIG),
    (c) => c.eventShareMin <= c.eventShareMax,
    (c) => `eventShareMin (${c.eventShareMin}) > eventShareMax (${c.eventShareMax})`,
  ),
  (c) => c.trainVideos + c.testVideos >= 1,
  'trainVideos + testVideos must be at least 1',
);

/**
 * Preset + overrides -> a checked config. Overrides may come from the CLI as strings
 * (`frames=120`, `layouts=road,plaza`, `writeTrainGroundTruth=false`): read by each setting's
 * type (parseCliSettings), so 'False' or 'yes' for a boolean is an error, never true.
 */
export function normalizeSynthConfig(preset: string, overrides: Record<string, unknown> = {}): SynthConfig {
  const base = lookup(SYNTH_PRESETS as Record<string, SynthConfig>, preset, 'synth preset');
  const c = normalizeWith(
    SYNTH_SCHEMA,
    { ...base, ...parseCliSettings(SYNTH_SCHEMA, overrides) },
    {
      subject: 'synth',
      noun: 'setting',
      defaults: DEFAULT_SYNTH_CONFIG,
      hint: 'e.g. --set eventShareMax=0.25 (wsstad synth), or overrides: { testVideos: 4 } (pipeline.yaml)',
    },
  );
  const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
  return { ...c, layouts: unique(c.layouts), anomalies: unique(c.anomalies), hardNegatives: unique(c.hardNegatives) };
}
