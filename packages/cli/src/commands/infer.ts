import type { CommandModule } from 'yargs';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ConfigError, UnavailableError, readTubes, type StageDefinition, type VideoEntry, type VideoStage } from '@wsstad/core';
import { createInferStage, loadRelationshipModel, readFrameScores, readVideoScores, scoreTimeline } from '@wsstad/evaluator';
import { STAGES } from '@wsstad/pipeline';
import { exportVideo, openVideo, tubeOverlay, OVERLAY_COLORS } from '@wsstad/video';
import { cliContext } from '../context';

interface Args {
  video: string;
  model: string;
  top: number;
  config?: string;
  work?: string;
  plot?: string;
  annotate?: string;
  json: boolean;
}

/** The per-video stages that produce what inference reads, found by their declared outputs (so the registry decides the implementation). */
const NEEDED = ['detections', 'tubes', 'videolets', 'clip-features'] as const;

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
      .option('config', { type: 'string', describe: 'JSON file of stage params keyed by stage name, e.g. {"detect": {...}, "infer": {"subTubes": 4}}' })
      .option('work', { type: 'string', describe: 'folder for the intermediate artifacts (default: a temporary folder)' })
      .option('plot', { type: 'string', describe: 'write the score-over-time plot here (.svg)' })
      .option('annotate', { type: 'string', describe: 'write the video with the top-1 (sub-)tube drawn here (.mp4, via ffmpeg)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object instead of text' })
      .example('$0 infer street.mp4 --model runs/small/model', 'print the 5 most anomalous tubes')
      .example('$0 infer street.mp4 --model m --top 3 --plot scores.svg', 'also write the score plot'),
  handler: async (argv) => {
    const { io, log } = cliContext(argv as never);
    const params: Record<string, unknown> = argv.config ? JSON.parse(readFileSync(argv.config, 'utf8')) : {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new ConfigError('--config must hold a JSON object keyed by stage name', { file: argv.config, hint: '{"infer": {"subTubes": 4}}' });
    const work = resolve(argv.work ?? mkdtempSync(join(tmpdir(), 'wsstad-infer-')));
    mkdirSync(work, { recursive: true });
    const path = resolve(argv.video);
    const entry: VideoEntry = { id: basename(path).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '') || 'video', uri: path, split: 'test', label: 'normal', category: 'unknown' };
    const files: Record<string, string> = { model: resolve(argv.model) };
    const run = async (stage: VideoStage<unknown>) => {
      const t = performance.now();
      await stage.run({
        params: stage.normalizeParams(params[stage.name]), video: entry, datasetDir: work, seed: 0, log: log.child(stage.name),
        inputs: Object.fromEntries(stage.inputs.filter((k) => files[k]).map((k) => [k, files[k]!])),
        outputPath: (k) => (files[k] = join(work, `${entry.id}.${k}.arrow`)),
      });
      log.info(`${stage.name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };
    for (const a of NEEDED) if (!files[a]) await run(producer(a));
    const infer = createInferStage(loadRelationshipModel);
    await run(infer as VideoStage<unknown>);
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
    if (argv.json) {
      io.out(JSON.stringify({ video: path, score: vs.videoScore, top, work, plot: argv.plot ?? null, annotated: argv.annotate ?? null }, null, 2));
      return;
    }
    io.out(`${path}: anomaly score ${vs.videoScore.toFixed(3)} (${vs.candidates.length} candidates${vs.candidates.length ? '' : ': no tubes, temporal branch only'})`);
    for (const t of top) io.out(`  #${t.rank} tube ${t.tube} part ${t.part}  score ${t.score.toFixed(3)}  frames ${t.startFrame}-${t.endFrame - 1} (${secs(t.startFrame)}-${secs(t.endFrame)})  box [${t.box!.map((v) => Math.round(v)).join(', ')}]`);
    if (argv.plot) io.out(`score plot: ${argv.plot}`);
    if (argv.annotate) io.out(vs.candidates[0] ? `annotated video: ${resolve(argv.annotate)}` : 'annotated video: not written (no candidate tube)');
    io.out(`artifacts: ${work}`);
  },
};
