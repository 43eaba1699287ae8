import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Box } from '@wsstad/core';
import { normalizeEvalConfig } from '../config';
import { DEFAULT_EVAL_CONFIG } from '../defaults';
import type { EvalVideo, EvaluationResult, VideoOutcome } from '../evaluate/types';
import { writeReport } from './html';
import { evenlySpaced, STRIP_JS } from './strip';

// A hand-made 20-frame 160x120 video: frame f is a flat grey of level 40 + 10 f, so every embedded
// image tells which frame it shows. The predicted tube covers frames 0-19, the ground truth 5-14.
const W = 160,
  H = 120,
  T = 20;
const level = (f: number) => 40 + 10 * f;
const reader = async (_id: string, f: number) => ({
  width: W,
  height: H,
  data: new Uint8Array(W * H * 3).fill(level(f)),
});
const predBox = (f: number): Box => [10 + f, 20, 60 + f, 90];
const frames = Array.from({ length: T }, (_, f) => f);
const gtFrames = frames.slice(5, 15);
const outcome: VideoOutcome = {
  id: 'walk-1',
  abnormal: true,
  score: 0.61,
  sloc: 0.5,
  slocUnion: 0.5,
  frameCount: T,
  gtInterval: [5, 15],
  top: { tubeId: 3, part: 0, frames, boxes: frames.map(predBox), score: 0.61, tubeScore: 0.6, temporalScore: 0.62 },
  gtTrack: { frames: gtFrames, boxes: gtFrames.map((): Box => [100, 30, 140, 100]) },
};
const video: EvalVideo = {
  id: 'walk-1',
  abnormal: true,
  info: { width: W, height: H, fps: 10 },
  scores: {} as never,
  tubes: [],
  gt: null,
};
const result = {
  rows: [],
  spatial: true,
  videos: [outcome],
  roc: { video: null, frame: null },
  counts: { videos: 1, abnormal: 1, normal: 0, localised: 1, missingGroundTruth: 0, withoutTubes: 0 },
} as unknown as EvaluationResult;

const JPEG_LEVEL_TOLERANCE = 6; // JPEG quality 70 on a flat area
const RED_MARGIN = 80; // red minus green on a 2-px red stroke after JPEG chroma subsampling
const dataUris = (html: string) =>
  [...html.matchAll(/class="kft[^"]*" data-k="(\d+)" data-f="(\d+)" src="data:image\/jpeg;base64,([^"]+)"/g)].map(
    (m) => ({ k: +m[1]!, frame: +m[2]!, bytes: Buffer.from(m[3]!, 'base64') }),
  );

describe('report key-frame strip (issue 16 item 5: browsable frames per card)', () => {
  const root = mkdtempSync(join(tmpdir(), 'wsstad-strip-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('evenlySpaced: first and last included, distinct, at most the tube length; n=1 is the middle frame', () => {
    expect(evenlySpaced(frames, 6)).toEqual([0, 4, 8, 11, 15, 19]);
    expect(evenlySpaced([7, 8, 9], 6)).toEqual([7, 8, 9]);
    expect(evenlySpaced(frames, 1)).toEqual([10]);
    expect(evenlySpaced([], 6)).toEqual([]);
  });

  it('N=6 embeds 6 frames of the predicted tube as data URIs, with the control and its script', async () => {
    const dir = join(root, 'n6');
    const cfg = normalizeEvalConfig({ keyFramesPerVideo: 6, bootstrap: 0 });
    const { files } = await writeReport(dir, result, [video], cfg, { frameReader: reader });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const shots = dataUris(html);
    expect(shots.map((s) => s.frame)).toEqual([0, 4, 8, 11, 15, 19]);
    expect(shots.map((s) => s.k)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const s of shots) {
      const { data, info } = await sharp(s.bytes).raw().toBuffer({ resolveWithObject: true });
      expect(info.width).toBe(320);
      // Top-right corner lies outside every box: it shows the frame's own grey level.
      const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
      expect(Math.abs(at(info.width - 4, 4) - level(s.frame))).toBeLessThanOrEqual(JPEG_LEVEL_TOLERANCE);
      // Left edge of the predicted box (x1 = 10 + f at scale 2) is drawn in red.
      const x = 2 * (10 + s.frame),
        y = 2 * 55,
        i = (y * info.width + x) * info.channels;
      expect(data[i]! - data[i + 1]!).toBeGreaterThan(RED_MARGIN);
    }
    // Opens on the strip frame nearest the single key frame (10, where GT and prediction overlap): frame 11.
    expect(html).toMatch(/<input type="range" class="kfr" min="0" max="5" value="3"/);
    expect(html).toContain(`<img class="kfv" src="data:image/jpeg;base64,${shots[3]!.bytes.toString('base64')}"`);
    expect(html).toMatch(/onclick="kfStep\(this,-1\)"/);
    expect(html).toMatch(/onclick="kfStep\(this,1\)"/);
    expect(html).toContain(STRIP_JS);
    expect(html).toMatch(/4\/6 · frame 11/);
    // Self-contained: no frames/ file for the card, no external URL.
    expect(existsSync(join(dir, 'frames', 'walk-1.png'))).toBe(false);
    expect(files.some((f) => f.endsWith('.png'))).toBe(false);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('N=1 keeps the single PNG key frame in frames/ and no control', async () => {
    const dir = join(root, 'n1');
    await writeReport(dir, result, [video], normalizeEvalConfig({ keyFramesPerVideo: 1, bootstrap: 0 }), {
      frameReader: reader,
    });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<img src="frames/walk-1.png" alt="key frame of walk-1">');
    expect(html).not.toMatch(/class="kf|kfShow|data:image/);
    const { data, info } = await sharp(readFileSync(join(dir, 'frames', 'walk-1.png')))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[(4 * info.width + info.width - 4) * info.channels]).toBe(level(10)); // PNG: exact
  });

  it('the inline script steps, clamps at both ends and keeps slider, label and highlight in sync', () => {
    const body = STRIP_JS.replace(/^<script>/, '').replace(/<\/script>$/, '');
    const thumbs = [0, 4, 8].map((f, k) => ({
      src: `s${k}`,
      dataset: { f: String(f) },
      on: false,
      classList: {
        toggle(_c: string, v: boolean) {
          thumbs[k]!.on = v;
        },
      },
    }));
    const viewer = { src: '' },
      slider = { value: '0' },
      label = { textContent: '' };
    const card: Record<string, unknown> = {
      querySelectorAll: () => thumbs,
      querySelector: (s: string) => ({ '.kfv': viewer, '.kfr': slider, '.kfl': label })[s],
    };
    const button = { closest: () => card };
    const { kfShow, kfStep } = new Function(`${body}; return { kfShow, kfStep };`)() as {
      kfShow: (c: unknown, k: number) => void;
      kfStep: (b: unknown, d: number) => void;
    };
    kfShow(card, 1);
    expect([viewer.src, slider.value, label.textContent]).toEqual(['s1', 1, '2/3 · frame 4']);
    kfStep(button, 1);
    kfStep(button, 1);
    expect([viewer.src, label.textContent, thumbs.map((t) => t.on)]).toEqual([
      's2',
      '3/3 · frame 8',
      [false, false, true],
    ]);
    kfShow(card, -5);
    expect(viewer.src).toBe('s0');
  });

  it('keyFramesPerVideo is range-checked, default documented in defaults.ts', () => {
    expect(DEFAULT_EVAL_CONFIG.keyFramesPerVideo).toBe(6);
    for (const bad of [0, 33, 2.5, '6'])
      expect(() => normalizeEvalConfig({ keyFramesPerVideo: bad })).toThrow(
        /keyFramesPerVideo=.* is invalid; allowed: an integer in \[1, 32\]/,
      );
  });
});
