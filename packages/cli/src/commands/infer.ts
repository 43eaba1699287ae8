import type { CommandModule } from 'yargs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  ConfigError,
  UnavailableError,
  createProgress,
  exportParquet,
  workArtifactPath,
  type StageDefinition,
  type VideoEntry,
  type VideoStage,
} from '@wsstad/core';
import type { Calibration } from '@wsstad/mgpr-trainer';
import type { InferConfig, ScoredCandidate } from '@wsstad/evaluator';
import { cliContext } from '../context';
import { processIO } from '../io';
import { fmtScore, fmtTime, frameScoresTarget, removeOrtDebugLog, writeFrameScoresCsv } from './infer-output';
import { planInference, readModelInfo } from './model-info';

interface Args {
  video: string;
  model: string;
  top: number;
  config?: string;
  detector?: string;
  work?: string;
  plot?: string;
  annotate?: string;
  'frame-scores'?: string;
  json: boolean;
}

/**
 * The per-video stage that produces an artifact, found by its declared outputs (so the registry decides the
 * implementation).
 */
function producer(stages: Readonly<Record<string, StageDefinition<unknown>>>, artifact: string): VideoStage<unknown> {
  const s = Object.values(stages).find((d) => d.scope === 'video' && d.outputs.includes(artifact));
  if (!s)
    throw new UnavailableError(`no registered stage produces '${artifact}'`, {
      hint:
        "the detector, tube-linker and c3d-features stages must be in the app's registry " +
        '(packages/cli/src/wiring/stages.ts)',
    });
  return s as VideoStage<unknown>;
}

/** The trained model given with --model, as the dataset-level source of the infer stage's `model` input. */
const MODEL_SOURCE = {
  name: 'model',
  package: '@wsstad/cli',
  version: '1',
  scope: 'dataset',
  inputs: [],
  outputs: ['model'],
  doc: 'the model directory given with --model',
  normalizeParams: () => null,
  run: () => {
    throw new Error('the model source is given, never run');
  },
} as unknown as StageDefinition<unknown>;

export const inferCommand: CommandModule<object, Args> = {
  command: 'infer <video>',
  describe:
    'score one video with a trained model: detect, link tubes, extract features, rank tubes (eq. 9); ' +
    'print the top tubes',
  builder: (y) =>
    y
      .positional('video', {
        type: 'string',
        demandOption: true,
        describe: 'video file (mp4, y4m, or a synthetic *.scene.json)',
      })
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: 'trained model directory (the train stage output)',
      })
      .option('top', { type: 'number', default: 5, describe: 'how many top (sub-)tubes to print' })
      .option('config', {
        type: 'string',
        describe:
          'JSON file of stage params keyed by stage name, e.g. {"link": {"gapTolerance": 3}, "infer": ' +
          '{"subTubes": 4}}; default: the settings the model was trained with (model.json frontEnd)',
      })
      .option('detector', {
        type: 'string',
        describe:
          'override the trained detector: a name (coco-centernet), name:key=val,... ' +
          '(coco-centernet:scoreThreshold=0.3) or JSON ({"kind":"coco-tfjs","model":"nanodet"})',
      })
      .option('work', {
        type: 'string',
        describe:
          'work folder for the artifacts, <videoId>/<artifact>.arrow as the other commands write them ' +
          '(default: a temporary folder)',
      })
      .option('plot', { type: 'string', describe: 'write the score-over-time plot here (.svg)' })
      .option('annotate', {
        type: 'string',
        describe:
          'write the annotated video here (.mp4, via ffmpeg): the top tubes above the threshold with ' +
          'their scores, the verdict, a score timeline strip',
      })
      .option('frame-scores', {
        type: 'string',
        describe:
          'write per-frame scores: csv, parquet (named after the video, here), or a path ending in .csv / .parquet',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of text' })
      .example('$0 infer street.mp4 --model runs/small/model', 'print the 5 most anomalous tubes')
      .example('$0 infer street.mp4 --model m --top 3 --plot scores.svg', 'also write the score plot')
      .example(
        '$0 infer street.mp4 --model m --annotate out.mp4 --frame-scores csv',
        'annotated video and per-frame scores',
      ),
  handler: async (argv) => {
    const { io, log } = cliContext(argv as never);
    const [pl, { APP }, ev, { parseDetectorSpec }, { verdictFor }, video] = await Promise.all([
      import('@wsstad/pipeline'),
      import('../wiring'),
      import('@wsstad/evaluator'),
      import('@wsstad/detector'),
      import('@wsstad/mgpr-trainer'),
      import('@wsstad/video'),
    ]);
    const config: Record<string, unknown> = argv.config ? JSON.parse(readFileSync(argv.config, 'utf8')) : {};
    if (typeof config !== 'object' || config === null || Array.isArray(config))
      throw new ConfigError('--config must hold a JSON object keyed by stage name', {
        file: argv.config,
        hint: '{"infer": {"subTubes": 4}}',
      });
    const registry = APP.registry;
    const stages = {
      detect: producer(registry, 'detections'),
      link: producer(registry, 'tubes'),
      features: producer(registry, 'clip-features'),
      infer: ev.createInferStage(ev.loadRelationshipModel) as VideoStage<unknown>,
    };
    const model = readModelInfo(resolve(argv.model));
    const plan = planInference(
      model,
      config,
      argv.detector !== undefined ? parseDetectorSpec(argv.detector) : undefined,
      {
        detect: (r) => stages.detect.normalizeParams(r),
        link: (r) => stages.link.normalizeParams(r),
        features: (r) => stages.features.normalizeParams(r),
        infer: (r) => stages.infer.normalizeParams(r),
      },
    );
    if (plan.source === 'defaults')
      log.warn(
        'the model does not record its front end (trained before model.json had frontEnd): using ' +
          'default detect/link/features settings; retrain to record them',
      );
    if (plan.differing.length)
      log.warn(
        `these settings differ from the ones the model was trained with (scores may not be ` +
          `comparable): ${plan.differing.join(', ')}`,
      );
    const params: Record<string, unknown> = plan.params;
    const path = resolve(argv.video);
    const entry: VideoEntry = {
      id:
        basename(path)
          .replace(/[^A-Za-z0-9._-]/g, '_')
          .replace(/^[^A-Za-z0-9]+/, '') || 'video',
      uri: path,
      split: 'test',
      label: 'normal',
      category: 'unknown',
    };
    const fsTarget = argv['frame-scores'] !== undefined ? frameScoresTarget(argv['frame-scores'], entry.id) : null;
    const temp = argv.work === undefined;
    const work = resolve(argv.work ?? mkdtempSync(join(tmpdir(), 'wsstad-infer-')));
    mkdirSync(work, { recursive: true });
    try {
      const probe = await video.openVideo(path, { baseDir: work });
      const frameCount = probe.info.frameCount;
      probe.close();
      // Detect and features each decode the whole video: one bar over both passes (link and scoring are quick).
      const bar = createProgress({
        total: 2 * frameCount + 2,
        label: `infer ${entry.id}`,
        logger: log,
        tty: io === processIO && Boolean(process.stderr.isTTY),
      });
      let done = 0;
      // A one-video pipeline bound by the engine: inputs wired by name and gathered by the engine's
      // stageInputs, as in a pipeline run; outputs are plain files in the work folder, not a store.
      const one = pl.bindPipeline(
        {
          name: 'infer',
          dataset: { kind: 'manifest', manifest: path },
          seed: 0,
          stages: [
            { name: 'model', uses: 'model', params: {}, inputs: {} },
            ...(['detect', 'link', 'features', 'infer'] as const).map((k) => ({
              name: k,
              uses: stages[k].name,
              params: params[k] as Record<string, unknown>,
              inputs: {},
            })),
          ],
        },
        join(work, 'pipeline.yaml'),
        { registry: pl.createStageRegistry([MODEL_SOURCE, ...Object.values(stages)]), root: work },
      );
      const produced = new Map<string, Map<string, Record<string, string>>>([
        ['model', new Map([['*', { model: resolve(argv.model) }]])],
      ]);
      const files: Record<string, string> = { model: resolve(argv.model) };
      const run = async (key: keyof typeof stages, base: number, units: number) => {
        const stage = one.stages.find((s) => s.name === key)!;
        const t = performance.now();
        const got = pl.stageInputs<string>(stage, entry.id, (name) => produced.get(name) ?? new Map());
        if (!('inputs' in got))
          throw new UnavailableError(`stage '${key}' lacks ${'missing' in got ? got.missing : got.pending}`);
        const outs: Record<string, string> = {};
        await stage.def.run(
          pl.videoStageContext({
            params: stage.params,
            video: entry,
            datasetDir: work,
            seed: 0,
            log: log.child(stage.def.name),
            inputs: got.inputs,
            outputPath: (k) => (outs[k] = files[k] = workArtifactPath(work, entry.id, k)),
            onProgress: (d, total) => {
              const to = base + Math.round((units * d) / Math.max(1, total));
              if (to > done) {
                bar.tick(to - done, key);
                done = to;
              }
            },
          }) as never,
        );
        produced.set(key, new Map([[entry.id, outs]]));
        if (base + units > done) {
          bar.tick(base + units - done, key);
          done = base + units;
        }
        log.debug(`${stage.def.name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      };
      const t0 = performance.now();
      await run('detect', 0, frameCount);
      await run('link', frameCount, 1);
      await run('features', frameCount + 1, frameCount);
      await run('infer', 2 * frameCount + 1, 1);
      bar.done(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await report(files, frameCount);
    } finally {
      if (temp) rmSync(work, { recursive: true, force: true });
      removeOrtDebugLog();
    }

    async function report(files: Record<string, string>, frameCount: number): Promise<void> {
      const vs = ev.readVideoScores(files['video-scores']!);
      const fsc = ev.readFrameScores(files['frame-scores']!);
      const { readTubes } = await import('@wsstad/core');
      const fps = readTubes(files.tubes!).video.fps || undefined;
      const cal = model.meta.calibration as Calibration | null | undefined;
      // The verdict compares the video score with the calibrated threshold; tubes and frames are cut at
      // the operating point of the scores they carry: with single-candidate bags (infer bag 'split',
      // the default, or 'instance') that is calibration.candidate, fitted on the same kind of score.
      const ip = params.infer as InferConfig;
      const bag = ip.bag;
      // A tube is above the threshold when its eq. 9 score at tubeWeight is: the kind of score the
      // thresholds were fitted on (its rank may use localisationWeight, the tube branch alone by default).
      const eq9 = (c: ScoredCandidate) => ev.candidateEq9(c, ip.tubeWeight);
      const single = bag === 'split' || bag === 'instance';
      const threshold = !cal ? null : single && cal.candidate ? cal.candidate.threshold : cal.threshold;
      const verdict = cal ? verdictFor(vs.videoScore, cal) : null;
      // The evaluator's merge of frames above the threshold, at the model's calibrated operating point.
      const ranges = threshold === null ? [] : ev.anomalousRanges(fsc.scores, { threshold, fps });
      const top = vs.candidates.slice(0, argv.top).map((c, rank) => {
        const e = eq9(c);
        return {
          rank: rank + 1,
          tube: c.tubeId,
          part: c.part,
          // score ranks the candidates (localisationWeight: the tube branch alone by default); eq9 is what the
          // threshold is compared with. Both are shown, so a top-ranked tube below the threshold is not a riddle.
          score: c.score,
          eq9: e,
          tubeScore: c.tubeScore,
          temporalScore: c.temporalScore,
          aboveThreshold: threshold === null ? null : e > threshold,
          startFrame: c.frames[0]!,
          endFrame: c.frames[c.frames.length - 1]! + 1,
          box: c.boxes[Math.floor(c.boxes.length / 2)]!,
        };
      });
      if (argv.plot) {
        const best = vs.candidates[0];
        writeFileSync(
          argv.plot,
          await ev.scoreTimeline(fsc.scores, {
            gt: null,
            pred: best ? [best.frames[0]!, best.frames[best.frames.length - 1]! + 1] : null,
            fps,
            threshold: threshold ?? undefined,
          }),
        );
      }
      // Drawn: the top-k candidates; those above the threshold in red/orange (the anomalies), the
      // others thin grey with "below threshold" so a normal verdict still shows where the tubes are.
      const topK = vs.candidates.slice(0, argv.top);
      const drawn = topK.filter((c) => threshold === null || eq9(c) > threshold);
      if (argv.annotate) {
        const src = await video.openVideo(path, { baseDir: work });
        try {
          const banner = verdict
            ? `${verdict.verdict.toUpperCase()}  ` +
              `score ${fmtScore(verdict.score)} ${verdict.verdict === 'abnormal' ? '>' : '<='} ` +
              `threshold ${fmtScore(verdict.threshold)} ` +
              `(${(100 * verdict.falseAlarmRate).toFixed(0)}% false alarms)`
            : `score ${fmtScore(vs.videoScore)} (uncalibrated model: top ${drawn.length} tubes shown)`;
          await video.exportVideo(
            ev.annotatedSource(src, {
              tubes: topK.map((c, i) => {
                const above = threshold === null || eq9(c) > threshold;
                return {
                  frames: c.frames,
                  boxes: c.boxes,
                  label: `#${i + 1} ${fmtScore(eq9(c))}${above ? '' : ' (below threshold)'}`,
                  color: !above ? '#7fdbff' : i === 0 ? '#ff4136' : '#ff851b',
                  thin: !above,
                };
              }),
              banner,
              bannerColor: verdict?.verdict === 'abnormal' ? '#ff4136' : verdict ? '#2ecc40' : '#ffdc00',
              frameScores: fsc.scores,
              threshold,
              ranges: ranges.map((r) => [r.startFrame, r.endFrame] as const),
            }),
            resolve(argv.annotate),
          );
        } finally {
          src.close();
        }
      }
      if (fsTarget) {
        if (fsTarget.format === 'csv') writeFrameScoresCsv(fsTarget.path, fsc.scores, fps, threshold);
        else exportParquet(files['frame-scores']!, fsTarget.path);
      }
      if (argv.json) {
        io.out(
          JSON.stringify(
            {
              video: path,
              frames: frameCount,
              score: vs.videoScore,
              verdict,
              ranges,
              top,
              plot: argv.plot ?? null,
              annotated: argv.annotate ?? null,
              frameScores: fsTarget?.path ?? null,
              work: temp ? null : work,
            },
            null,
            2,
          ),
        );
        return;
      }
      io.out(
        `${path}: anomaly score ${fmtScore(vs.videoScore)} (${vs.candidates.length} ` +
          `candidates${vs.candidates.length ? '' : ': no tubes, temporal branch only'})`,
      );
      io.out(
        verdict
          ? `verdict: ${verdict.verdict.toUpperCase()}  ` +
              `(score ${fmtScore(verdict.score)} ${verdict.verdict === 'abnormal' ? '>' : '<='} ` +
              `threshold ${fmtScore(verdict.threshold)}, the operating point ` +
              `at ${(100 * verdict.falseAlarmRate).toFixed(0)}% false alarms; higher than or equal ` +
              `to ${verdict.percentile.toFixed(0)}% of ${cal!.normalScores.length} normal validation ` +
              `videos' scores)`
          : 'verdict: none (the model has no calibrated threshold: retrain it with this version to get one)',
      );
      if (threshold !== null) {
        const fmtRange = (r: (typeof ranges)[number]) =>
          `${fmtTime(r.startSeconds, r.startFrame)}-${fmtTime(r.endSeconds, r.endFrame)} ` +
          `(frames ${r.startFrame}-${r.endFrame - 1}, peak ${fmtScore(r.peak)})`;
        io.out(
          ranges.length
            ? `anomalous time ranges (frame score > ${fmtScore(threshold)}): ${ranges.map(fmtRange).join('; ')}`
            : `anomalous time ranges: none (no frame score above ${fmtScore(threshold)})`,
        );
      }
      const secs = (f: number) => fmtTime(fps ? f / fps : null, f);
      for (const t of top)
        io.out(
          `  #${t.rank} tube ${t.tube} part ${t.part}  ` +
            `score ${fmtScore(t.score)} (ranking; eq. 9 ${fmtScore(t.eq9)}` +
            `${threshold === null ? '' : ` ${t.aboveThreshold ? '>' : '<='} threshold ${fmtScore(threshold)}`})  ` +
            `frames ${t.startFrame}-${t.endFrame - 1} (${secs(t.startFrame)}-${secs(t.endFrame)})  box ` +
            `[${t.box.map((v) => Math.round(v)).join(', ')}]`,
        );
      if (argv.plot) io.out(`score plot: ${argv.plot}`);
      if (argv.annotate)
        io.out(
          `annotated video: ${resolve(argv.annotate)} (top ${topK.length} tubes; ${drawn.length} above ` +
            `the threshold in red/orange${threshold === null ? ' (uncalibrated model)' : ''}, ` +
            `the others grey)`,
        );
      if (fsTarget) io.out(`frame scores: ${fsTarget.path}`);
      if (!temp) io.out(`artifacts: ${work}`);
    }
  },
};
