import type { CommandModule } from 'yargs';
import { join, resolve } from 'node:path';
import { findWorkArtifact, InputError, readManifest, type DatasetVideoInput } from '@wsstad/core';
import { cliContext } from '../context';
import { scoreWorkFolder } from './score';

interface Args {
  manifest: string;
  artifacts: string;
  model?: string;
  out: string;
  eps?: number[];
  'far-threshold'?: number;
  inclusive: boolean;
  seeds?: number;
  'sub-tubes'?: number;
  'report-videos'?: number;
  html: boolean;
  frames: boolean;
  method?: string;
  title?: string;
}

const KINDS = ['video-scores', 'frame-scores', 'tubes', 'detections'] as const;

/**
 * `<dir>/<id>/<kind>.arrow` (the work-folder layout every standalone command shares); the older
 * `<dir>/<id>.<kind>.arrow` and `<dir>/<kind>/<id>.arrow` still read (deprecated). Detections are optional.
 */
function findArtifacts(dir: string, id: string, legacy: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KINDS) {
    const found = findWorkArtifact(dir, id, k);
    if (found) {
      out[k] = found.path;
      if (found.legacy) legacy.add(found.path);
    } else if (k !== 'detections') {
      const hint = `expected ${id}/${k}.arrow there; pass --model <model dir> to score the test videos first`;
      throw new InputError(`no '${k}' artifact for test video '${id}'`, { file: dir, hint });
    }
  }
  return out;
}

export const evalCommand: CommandModule<object, Args> = {
  command: 'eval',
  describe:
    'evaluate test-split scores: VAUC, IoU@eps, MIoU, FAR, frame AUC, Random and Upper Bound; writes ' +
    'metrics.json, results.md, report.html',
  builder: (y) =>
    y
      .option('manifest', {
        type: 'string',
        demandOption: true,
        describe: 'dataset manifest (test entries carry labels and ground-truth paths)',
      })
      .option('artifacts', {
        type: 'string',
        demandOption: true,
        describe:
          "work folder with each test video's <id>/video-scores.arrow, frame-scores.arrow, tubes.arrow " +
          'and detections.arrow',
      })
      .option('model', {
        type: 'string',
        describe:
          "trained model directory: first score the test videos' tubes, videolets and clip features " +
          'in --artifacts with it (writes <id>/video-scores.arrow, frame-scores.arrow)',
      })
      .option('out', { type: 'string', default: 'report', describe: 'report folder to write' })
      .option('eps', { type: 'number', array: true, describe: 'IoU@eps thresholds (default 0.1 0.2 0.3)' })
      .option('far-threshold', { type: 'number', describe: 'score threshold of the false-alarm rate (default 0.2)' })
      .option('inclusive', {
        type: 'boolean',
        default: false,
        describe: 'count Sloc >= eps and score >= threshold instead of the default strict >',
      })
      .option('seeds', { type: 'number', describe: 'seeds the Random baseline is averaged over (default 10)' })
      .option('sub-tubes', {
        type: 'number',
        describe: "M used for the baselines' sub-tube candidates (default 4; keep equal to inference)",
      })
      .option('report-videos', {
        type: 'number',
        describe: 'videos shown in report.html, best and worst first (default 12; 0 = all)',
      })
      .option('key-frames', {
        type: 'number',
        describe: 'key frames per video card in report.html, browsable (default 6; 1 = one PNG key frame)',
      })
      .option('html', {
        type: 'boolean',
        default: true,
        describe: 'write report.html (use --no-html for metrics.json and results.md only)',
      })
      .option('frames', {
        type: 'boolean',
        default: true,
        describe: 'decode key frames for the report (--no-frames draws boxes on blank canvases)',
      })
      .option('method', { type: 'string', describe: 'name of the method row (default "Ours")' })
      .option('title', { type: 'string', describe: 'report title' })
      .example(
        '$0 eval --manifest data/manifest.json --artifacts work --model model --out report',
        'score the test videos of a work folder with a trained model, evaluate, write the report',
      )
      .example('$0 eval --manifest data/manifest.json --artifacts work --out report', 'evaluate scores already there')
      .example(
        '$0 eval --manifest m.json --artifacts scores --eps 0.1 0.3 --no-html',
        "table only, the paper's ST-UCF-Crime thresholds",
      ),
  handler: async (argv) => {
    const { evaluateToDir, normalizeEvalConfig, renderResultsTable } = await import('@wsstad/evaluator');
    const { readGroundTruth } = await import('@wsstad/video');
    const { io, log } = cliContext(argv as never);
    const m = readManifest(argv.manifest);
    const cfg = normalizeEvalConfig({
      ...(argv.eps ? { eps: argv.eps } : {}),
      ...(argv['far-threshold'] !== undefined ? { farThreshold: argv['far-threshold'] } : {}),
      strict: !argv.inclusive,
      ...(argv.seeds !== undefined ? { randomSeeds: argv.seeds } : {}),
      ...(argv['sub-tubes'] !== undefined ? { subTubes: argv['sub-tubes'] } : {}),
      ...(argv['report-videos'] !== undefined ? { reportVideos: argv['report-videos'] } : {}),
      ...(argv['key-frames'] !== undefined ? { keyFramesPerVideo: argv['key-frames'] } : {}),
    });
    const dir = resolve(argv.artifacts);
    const test = m.videos.filter((v) => v.split === 'test');
    if (!test.length) {
      throw new InputError('the manifest has no test videos', {
        file: m.path,
        hint: 'evaluation runs on split "test"',
      });
    }
    if (argv.model) {
      const n = await scoreWorkFolder(m, dir, resolve(argv.model), { subTubes: argv['sub-tubes'], log });
      log.info(`scored ${n} test videos with ${argv.model}`);
    }
    const legacy = new Set<string>();
    const videos: DatasetVideoInput[] = test.map((video) => ({ video, inputs: findArtifacts(dir, video.id, legacy) }));
    if (legacy.size) {
      log.warn(
        `${legacy.size} artifact(s) in an old layout (<id>.<kind>.arrow or <kind>/<id>.arrow; deprecated): ` +
          'the commands now write <id>/<kind>.arrow',
      );
    }
    const out = resolve(argv.out);
    const r = await evaluateToDir(videos, m.dir, out, cfg, {
      readGroundTruth,
      decodeFrames: argv.frames,
      html: argv.html,
      method: argv.method,
      title: argv.title,
      log,
    });
    io.out(renderResultsTable(r.rows, { eps: cfg.eps, farThreshold: cfg.farThreshold, spatial: r.spatial }).markdown);
    io.out(
      `${r.counts.videos} test videos (${r.counts.abnormal} abnormal, ${r.counts.normal} normal). ` +
        `Report: ${join(out, argv.html ? 'report.html' : 'results.md')}`,
    );
  },
};
