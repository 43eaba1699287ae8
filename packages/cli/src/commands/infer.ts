import type { CommandModule } from 'yargs';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ConfigError, UnavailableError, readTubes, type StageDefinition, type VideoEntry, type VideoStage } from '@wsstad/core';
import { createInferStage, loadRelationshipModel, readFrameScores, readVideoScores, scoreTimeline } from '@wsstad/evaluator';
import { STAGES } from '@wsstad/pipeline';
import { exportVideo, openVideo, tubeOverlay, OVERLAY_COLORS } from '@wsstad/video';
import { cliContext } from '../context';
import { verdictFor, type Calibration } from '@wsstad/mgpr-trainer';
import { parseDetectorSpec } from '@wsstad/detector';
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
  json: boolean;
}

function producer(artifact: string): VideoStage<unknown> {
  const s = Object.values(STAGES as Readonly<Record<string, StageDefinition<unknown>>>).find((d) => d.scope === 'video' && d.outputs.includes(artifact));
  if (!s) throw new UnavailableError(`no registered stage produces '${artifact}'`, { hint: 'the detector, tube-linker and c3d-features stages must be registered in @wsstad/pipeline STAGES' });
  return s as VideoStage<unknown>;
}

export const inferCommand: CommandModule<object, Args> = {
  command: 'infer <video>',
  describe: 'score one video with a trained model: detect, link tubes, extract features, rank tubes (eq. 9); print the top tubes',
  builder: (y) =>
    y
      .positional('video', { type: 'string', demandOption: true, describe: 'video file (mp4, y4m, or a synthetic *.scene.json)' })
      .option('model', { type: 'string', demandOption: true, describe: 'trained model directory (the train stage output)' })
      .option('top', { type: 'number', default: 5, describe: 'how many top (sub-)tubes to print' })
      .option('config', { type: 'string', describe: 'JSON file of stage params keyed by stage name, e.g. {"link": {"gapTolerance": 3}, "infer": {"subTubes": 4}}; default: the settings the model was trained with (model.json frontEnd)' })
      .option('detector', { type: 'string', describe: 'override the trained detector: a name (coco-centernet), name:key=val,... (coco-centernet:scoreThreshold=0.3) or JSON ({"kind":"coco-tfjs","model":"nanodet"})' })
      .option('work', { type: 'string', describe: 'folder for the intermediate artifacts (default: a temporary folder)' })
      .option('plot', { type: 'string', describe: 'write the score-over-time plot here (.svg)' })
      .option('annotate', { type: 'string', describe: 'write the video with the top-1 (sub-)tube drawn here (.mp4, via ffmpeg)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of text' })
      .example('$0 infer street.mp4 --model runs/small/model', 'print the 5 most anomalous tubes')
      .example('$0 infer street.mp4 --model m --top 3 --plot scores.svg', 'also write the score plot'),
  handler: async (argv) => {
    const { io, log } = cliContext(argv as never);
    const config: Record<string, unknown> = argv.config ? JSON.parse(readFileSync(argv.config, 'utf8')) : {};
    if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new ConfigError('--config must hold a JSON object keyed by stage name', { file: argv.config, hint: '{"infer": {"subTubes": 4}}' });
    const infer = createInferStage(loadRelationshipModel);
    const stages = { detect: producer('detections'), link: producer('tubes'), features: producer('clip-features'), infer: infer as VideoStage<unknown> };
    const model = readModelInfo(resolve(argv.model));
    const plan = planInference(model, config, argv.detector !== undefined ? parseDetectorSpec(argv.detector) : undefined, {
      detect: (r) => stages.detect.normalizeParams(r), link: (r) => stages.link.normalizeParams(r),
      features: (r) => stages.features.normalizeParams(r), infer: (r) => stages.infer.normalizeParams(r),
    });
    if (plan.source === 'defaults') log.warn('the model does not record its front end (trained before model.json had frontEnd): using default detect/link/features settings; retrain to record them');
    if (plan.differing.length) log.warn(`these settings differ from the ones the model was trained with (scores may not be comparable): ${plan.differing.join(', ')}`);
    const params: Record<string, unknown> = plan.params;
    const work = resolve(argv.work ?? mkdtempSync(join(tmpdir(), 'wsstad-infer-')));
    mkdirSync(work, { recursive: true });
    const path = resolve(argv.video);
    const entry: VideoEntry = { id: basename(path).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '') || 'video', uri: path, split: 'test', label: 'normal', category: 'unknown' };
    const files: Record<string, string> = { model: resolve(argv.model) };
    const run = async (key: keyof typeof stages) => {
      const stage = stages[key];
      const t = performance.now();
      await stage.run({
        params: params[key], video: entry, datasetDir: work, seed: 0, log: log.child(stage.name),
        inputs: Object.fromEntries(stage.inputs.filter((k) => files[k]).map((k) => [k, files[k]!])),
        outputPath: (k) => (files[k] = join(work, `${entry.id}.${k}.arrow`)),
      });
      log.info(`${stage.name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };
    for (const k of ['detect', 'link', 'features', 'infer'] as const) await run(k);
    const vs = readVideoScores(files['video-scores']!);
    const fs = readFrameScores(files['frame-scores']!);
    const fps = readTubes(files.tubes!).video.fps || undefined;
    const secs = (f: number) => (fps ? `${(f / fps).toFixed(1)}s` : `f${f}`);
    const top = vs.candidates.slice(0, argv.top).map((c, rank) => ({ rank: rank + 1, tube: c.tubeId, part: c.part, score: c.score, tubeScore: c.tubeScore, temporalScore: c.temporalScore, startFrame: c.frames[0]!, endFrame: c.frames[c.frames.length - 1]! + 1, box: c.boxes[Math.floor(c.boxes.length / 2)] }));
    if (argv.plot) {
      const best = vs.candidates[0];
      writeFileSync(argv.plot, await scoreTimeline(fs.scores, { gt: null, pred: best ? [best.frames[0]!, best.frames[best.frames.length - 1]! + 1] : null, fps }));
    }
    if (argv.annotate && vs.candidates[0]) {
      const src = await openVideo(path, { baseDir: work });
      try {
        const best = vs.candidates[0];
        await exportVideo(src, resolve(argv.annotate), { overlays: [{ ...tubeOverlay(best, OVERLAY_COLORS.event), thickness: 2, label: `anomaly ${best.score.toFixed(2)}` }] });
      } finally {
        src.close();
      }
    }
    const cal = model.meta.calibration as Calibration | null | undefined;
    const verdict = cal ? verdictFor(vs.videoScore, cal) : null;
    if (argv.json) {
      io.out(JSON.stringify({ video: path, score: vs.videoScore, verdict, top, work, plot: argv.plot ?? null, annotated: argv.annotate ?? null }, null, 2));
      return;
    }
    io.out(`${path}: anomaly score ${vs.videoScore.toFixed(3)} (${vs.candidates.length} candidates${vs.candidates.length ? '' : ': no tubes, temporal branch only'})`);
    io.out(verdict
      ? `verdict: ${verdict.verdict.toUpperCase()}  (score ${verdict.score.toFixed(3)} ${verdict.verdict === 'abnormal' ? '>' : '<='} threshold ${verdict.threshold.toFixed(3)}, the operating point at ${(100 * verdict.falseAlarmRate).toFixed(0)}% false alarms; above ${verdict.percentile.toFixed(0)}% of ${cal!.normalScores.length} normal validation videos' scores)`
      : 'verdict: none (the model has no calibrated threshold: retrain it with this version to get one)');
    for (const t of top) io.out(`  #${t.rank} tube ${t.tube} part ${t.part}  score ${t.score.toFixed(3)}  frames ${t.startFrame}-${t.endFrame - 1} (${secs(t.startFrame)}-${secs(t.endFrame)})  box [${t.box!.map((v) => Math.round(v)).join(', ')}]`);
    if (argv.plot) io.out(`score plot: ${argv.plot}`);
    if (argv.annotate) io.out(vs.candidates[0] ? `annotated video: ${resolve(argv.annotate)}` : 'annotated video: not written (no candidate tube)');
    io.out(`artifacts: ${work}`);
  },
};
