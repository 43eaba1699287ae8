import { ConfigError, lookup } from '@wsstad/core';
import { DEFAULT_SYNTH_CONFIG } from '../defaults';
import { ANOMALY_TYPES, HARD_NEGATIVE_TYPES, LAYOUTS, type SynthConfig, type SynthPresetName } from './types';

/**
 * Presets. `small` is the default benchmark: 224 videos x 224 frames (~50k frames) at 160x120,
 * sized so the whole default pipeline runs in minutes on 2 cores.
 */
export const SYNTH_PRESETS: Readonly<Record<SynthPresetName, Readonly<SynthConfig>>> = Object.freeze({
  tiny: Object.freeze({ ...DEFAULT_SYNTH_CONFIG, trainVideos: 4, testVideos: 4, width: 128, height: 96, frames: 80 }),
  small: DEFAULT_SYNTH_CONFIG,
  medium: Object.freeze({ ...DEFAULT_SYNTH_CONFIG, trainVideos: 320, testVideos: 128, width: 320, height: 240, fps: 15, frames: 360 }),
});

const NUMERIC: Record<string, { min: number; max: number; int?: boolean }> = {
  trainVideos: { min: 0, max: 100000, int: true },
  testVideos: { min: 0, max: 100000, int: true },
  abnormalShare: { min: 0, max: 1 },
  width: { min: 48, max: 4096, int: true },
  height: { min: 36, max: 4096, int: true },
  fps: { min: 1, max: 120 },
  frames: { min: 32, max: 100000, int: true },
  hardNegativesPerVideo: { min: 0, max: 8, int: true },
  eventShareMin: { min: 0.01, max: 0.9 },
  eventShareMax: { min: 0.01, max: 0.9 },
  peoplePerMinute: { min: 0, max: 600 },
  vehiclesPerMinute: { min: 0, max: 600 },
  personHeight: { min: 0.05, max: 0.6 },
  vehicleLength: { min: 0.05, max: 0.6 },
  walkSpeed: { min: 0.05, max: 5 },
  vehicleSpeed: { min: 0.1, max: 10 },
  perspective: { min: 0, max: 0.7 },
  noiseStd: { min: 0, max: 40 },
  illuminationAmplitude: { min: 0, max: 0.5 },
  shakeProbability: { min: 0, max: 1 },
  shakeAmplitude: { min: 0, max: 8, int: true },
};
const LISTS: Record<string, readonly string[]> = { layouts: LAYOUTS, anomalies: ANOMALY_TYPES, hardNegatives: HARD_NEGATIVE_TYPES };

/**
 * Preset + overrides -> a checked config. Overrides may come from the CLI as strings
 * (`frames=120`, `layouts=road,plaza`, `writeTrainGroundTruth=false`).
 */
export function normalizeSynthConfig(preset: string, overrides: Record<string, unknown> = {}): SynthConfig {
  const base = lookup(SYNTH_PRESETS as Record<string, SynthConfig>, preset, 'synth preset');
  const cfg: Record<string, unknown> = { ...base, layouts: [...base.layouts], anomalies: [...base.anomalies], hardNegatives: [...base.hardNegatives] };
  for (const [key, raw] of Object.entries(overrides)) {
    if (!Object.hasOwn(base, key)) { // not `in`: 'constructor' or 'toString' are no settings
      throw new ConfigError(`unknown synth setting '${key}'; valid: ${Object.keys(base).sort().join(', ')}`, { hint: 'e.g. --set frames=120' });
    }
    cfg[key] = coerce(key, raw);
  }
  const c = cfg as unknown as SynthConfig;
  if (c.eventShareMin > c.eventShareMax) throw new ConfigError(`eventShareMin (${c.eventShareMin}) > eventShareMax (${c.eventShareMax})`, { hint: 'e.g. --set eventShareMin=0.05 --set eventShareMax=0.25' });
  if (c.trainVideos + c.testVideos < 1) throw new ConfigError('trainVideos + testVideos must be at least 1', { hint: 'e.g. --set testVideos=4' });
  return c;
}

function coerce(key: string, raw: unknown): unknown {
  const num = Object.hasOwn(NUMERIC, key) ? NUMERIC[key] : undefined;
  if (num) {
    const v = typeof raw === 'string' ? Number(raw) : raw;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < num.min || v > num.max || (num.int && !Number.isInteger(v))) {
      throw new ConfigError(`synth setting ${key}=${String(raw)} is invalid; allowed: ${num.int ? 'integer' : 'number'} in [${num.min}, ${num.max}]`, { hint: `e.g. --set ${key}=${(DEFAULT_SYNTH_CONFIG as unknown as Record<string, unknown>)[key]}` });
    }
    return v;
  }
  const list = Object.hasOwn(LISTS, key) ? LISTS[key] : undefined;
  if (list) {
    const items = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    if (!Array.isArray(items) || items.length === 0 || items.some((x) => !list.includes(x as string))) {
      throw new ConfigError(`synth setting ${key}=${String(raw)} is invalid; allowed: a non-empty list of ${list.join(', ')}`, { hint: `e.g. --set ${key}=${list.slice(0, 2).join(',')}` });
    }
    return [...new Set(items as string[])];
  }
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ConfigError(`synth setting ${key}=${String(raw)} is invalid; allowed: true or false`, { hint: `e.g. --set ${key}=false` });
}
