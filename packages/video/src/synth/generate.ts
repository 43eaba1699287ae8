import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, Rng, writeFileAtomic, type VideoEntry } from '@wsstad/core';
import { writeGroundTruth } from '../manifest/ground-truth';
import { loadManifest, resolveInManifest, writeManifest } from '../manifest/manifest';
import { sceneGroundTruth } from './ground-truth';
import { layoutSupports } from './layouts';
import { normalizeSynthConfig } from './presets';
import { buildScene } from './scenario';
import { loadScene } from './source';
import type { AnomalyType, LayoutName, SceneSpec, SynthConfig } from './types';

export interface GenerateOptions {
  preset?: string;
  seed?: number | string;
  outDir: string;
  /** Any SynthConfig key (strings are parsed, e.g. from `--set key=value`). */
  overrides?: Record<string, unknown>;
  /** Called after each video (for progress). */
  onVideo?: (done: number, total: number) => void;
}

export interface BenchmarkStats {
  videos: Record<'train' | 'test', Record<'normal' | 'abnormal', number>>;
  byType: Record<string, number>;
  byLayout: Record<string, number>;
  hardNegatives: Record<string, number>;
  /** Mean over abnormal videos of (event frames / video frames). */
  meanAbnormalShare: number;
  /** Mean number of objects on screen per frame, over all videos. */
  objectsPerFrame: number;
  totalFrames: number;
}

const TRAIN_GT_NOTE = `Ground truth of the TRAIN split. The manifest does not reference these files and no
training code reads them: training sees video-level labels only (weak supervision). They exist
for analysing detectors/linkers on training data and for oracle ablations.
`;

function supports(layout: LayoutName, a: AnomalyType): boolean {
  const s = layoutSupports(layout);
  if (a === 'vehicle-collision') return s.collisions;
  if (a === 'vehicle-spin' || a === 'vehicle-pedestrian') return s.vehicles;
  return true;
}

/**
 * Generate a synthetic benchmark: `<outDir>/manifest.json`, `scenes/<id>.scene.json` (rendered on
 * the fly by openVideo), `gt/<id>.gt.json` for the test split (referenced by the manifest) and,
 * if enabled, `train-gt/` (not referenced). Deterministic given preset, seed and overrides.
 */
export function generateBenchmark(opts: GenerateOptions): {
  manifestPath: string;
  stats: BenchmarkStats;
  config: SynthConfig;
} {
  const preset = opts.preset ?? 'small';
  const seed = opts.seed ?? 0;
  const cfg = normalizeSynthConfig(preset, opts.overrides);
  const anomalies = cfg.anomalies.filter((a) => cfg.layouts.some((l) => supports(l, a)));
  if (anomalies.length === 0)
    throw new ConfigError(
      `no anomaly in [${cfg.anomalies.join(', ')}] can be staged in layouts [${cfg.layouts.join(', ')}]`,
      { hint: 'add a layout with vehicles, e.g. --set layouts=road,corridor' },
    );
  const out = resolve(opts.outDir);
  mkdirSync(join(out, 'scenes'), { recursive: true });
  const root = new Rng(`wsstad-synth/${seed}`);
  const videos: VideoEntry[] = [];
  const scenes: SceneSpec[] = [];
  const total = cfg.trainVideos + cfg.testVideos;
  for (const split of ['train', 'test'] as const) {
    const n = split === 'train' ? cfg.trainVideos : cfg.testVideos;
    const plan = planSplit(root.fork(`plan-${split}`), n, cfg, anomalies);
    plan.forEach((p, i) => {
      const id = `${split}-${String(i).padStart(3, '0')}`;
      const scene = buildScene({
        id,
        anomaly: p.anomaly,
        layout: p.layout,
        cfg,
        seed: `${seed}/${id}`,
        rng: root.fork(id),
      });
      writeFileAtomic(join(out, 'scenes', `${id}.scene.json`), JSON.stringify(scene));
      const entry: VideoEntry = {
        id,
        uri: `scenes/${id}.scene.json`,
        split,
        label: scene.label,
        category: scene.event?.type ?? 'normal',
      };
      if (split === 'test') {
        writeGroundTruth(join(out, 'gt', `${id}.gt.json`), sceneGroundTruth(scene));
        entry.groundTruth = `gt/${id}.gt.json`;
      } else if (cfg.writeTrainGroundTruth) {
        writeGroundTruth(join(out, 'train-gt', `${id}.gt.json`), sceneGroundTruth(scene));
      }
      videos.push(entry);
      scenes.push(scene);
      opts.onVideo?.(videos.length, total);
    });
  }
  if (cfg.writeTrainGroundTruth && cfg.trainVideos > 0 && !existsSync(join(out, 'train-gt', 'README.md')))
    writeFileSync(join(out, 'train-gt', 'README.md'), TRAIN_GT_NOTE);
  const stats = statsOf(scenes, videos);
  const manifestPath = join(out, 'manifest.json');
  writeManifest(manifestPath, {
    version: 1,
    name: `synth-${preset}-${seed}`,
    videos,
    meta: { generator: 'wsstad-synth', preset, seed, config: cfg },
  });
  return { manifestPath, stats, config: cfg };
}

/** Labels (balanced per split), anomaly types (cycled) and layouts (that support the type). */
function planSplit(
  rng: Rng,
  n: number,
  cfg: SynthConfig,
  anomalies: AnomalyType[],
): Array<{ anomaly: AnomalyType | null; layout: LayoutName }> {
  const nAb = Math.round(n * cfg.abnormalShare);
  const types = rng.shuffle([...anomalies]);
  const layouts = rng.shuffle([...cfg.layouts]);
  const offset = new Map(types.map((t) => [t, rng.int(0, 1000)]));
  const items = Array.from({ length: n }, (_, i) => {
    if (i < nAb) {
      const anomaly = types[i % types.length]!;
      const ok = layouts.filter((l) => supports(l, anomaly));
      return { anomaly, layout: ok[(Math.floor(i / types.length) + offset.get(anomaly)!) % ok.length]! };
    }
    return { anomaly: null, layout: layouts[(i - nAb) % layouts.length]! };
  });
  return rng.shuffle(items);
}

/** Statistics of a generated benchmark, recomputed from its manifest and scene files. */
export function benchmarkStats(manifestPath: string): BenchmarkStats {
  const m = loadManifest(manifestPath);
  const scenes = m.videos.map((v) => loadScene(resolveInManifest(m.dir, v.uri)));
  return statsOf(scenes, m.videos);
}

function statsOf(scenes: SceneSpec[], videos: VideoEntry[]): BenchmarkStats {
  const s: BenchmarkStats = {
    videos: { train: { normal: 0, abnormal: 0 }, test: { normal: 0, abnormal: 0 } },
    byType: {},
    byLayout: {},
    hardNegatives: {},
    meanAbnormalShare: 0,
    objectsPerFrame: 0,
    totalFrames: 0,
  };
  let shareSum = 0,
    nAb = 0,
    objFrames = 0;
  scenes.forEach((sc, i) => {
    const v = videos[i]!;
    s.videos[v.split][v.label]++;
    const type = sc.event?.type ?? 'normal';
    s.byType[type] = (s.byType[type] ?? 0) + 1;
    s.byLayout[sc.layout.name] = (s.byLayout[sc.layout.name] ?? 0) + 1;
    for (const h of sc.hardNegatives) s.hardNegatives[h] = (s.hardNegatives[h] ?? 0) + 1;
    if (sc.event) {
      shareSum += (sc.event.endFrame - sc.event.startFrame) / sc.frameCount;
      nAb++;
    }
    for (const o of sc.objects) objFrames += o.track.length / 4;
    s.totalFrames += sc.frameCount;
  });
  s.meanAbnormalShare = nAb ? shareSum / nAb : 0;
  s.objectsPerFrame = s.totalFrames ? objFrames / s.totalFrames : 0;
  return s;
}
