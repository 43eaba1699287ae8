import { iou, type Box } from '@wsstad/core';

/** A box per frame: a ground-truth event, a tube or a sub-tube. Frames strictly increasing. */
export interface BoxTrack {
  frames: readonly number[];
  boxes: readonly Box[];
}

function byFrame(t: BoxTrack | null): Map<number, Box> {
  const m = new Map<number, Box>();
  if (t) for (let i = 0; i < t.frames.length; i++) m.set(t.frames[i]!, t.boxes[i]!);
  return m;
}

/**
 * The spatio-temporal localisation score of eq. 10 (Yamaguchi et al. 2017):
 *   Sloc = sum_{f in Gamma} IoU(gt_f, pred_f) / |Gamma|
 * Gamma = (frames that have detector boxes) ∩ (frames where gt or pred has a box). A frame in Gamma
 * where only one of the two has a box contributes IoU 0.
 * - `detectedFrames` undefined: no detector restriction (Gamma = frames of gt ∪ frames of pred).
 * - `pred` null (a video without candidate tubes): every Gamma frame contributes 0.
 * - Empty Gamma: 0 (nothing was localised where the detector could see; a choice, see README).
 */
export function localizationScore(gt: BoxTrack, pred: BoxTrack | null, detectedFrames?: ReadonlySet<number>): number {
  const g = byFrame(gt);
  const p = byFrame(pred);
  const frames = new Set<number>([...g.keys(), ...p.keys()]);
  let sum = 0;
  let n = 0;
  for (const f of frames) {
    if (detectedFrames && !detectedFrames.has(f)) continue;
    n++;
    const a = g.get(f);
    const b = p.get(f);
    if (a && b) sum += iou(a, b);
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * The common "vIoU" variant used by public ports (video grounding): the sum of per-frame IoU over
 * the frames where both tracks have a box, divided by the length of the temporal union span
 * [min(first frames), max(last frames)] (inclusive). One public port once took min of the last
 * frames for the union's end; this uses max. No detector restriction. Empty tracks give 0.
 */
export function localizationScoreUnion(gt: BoxTrack, pred: BoxTrack | null): number {
  if (!pred || pred.frames.length === 0 || gt.frames.length === 0) return 0;
  const start = Math.min(gt.frames[0]!, pred.frames[0]!);
  const end = Math.max(gt.frames[gt.frames.length - 1]!, pred.frames[pred.frames.length - 1]!);
  const p = byFrame(pred);
  let sum = 0;
  for (let i = 0; i < gt.frames.length; i++) {
    const b = p.get(gt.frames[i]!);
    if (b) sum += iou(gt.boxes[i]!, b);
  }
  return sum / (end - start + 1);
}

export interface ThresholdOptions {
  /** true: count values strictly above eps (`>`, as the public ports do); false: `>=`. */
  strict?: boolean;
}

/** IoU@eps for each eps: the share (in [0, 1]) of localisation scores above eps. Empty input gives 0. */
export function iouAtEps(slocs: readonly number[], eps: readonly number[], opts: ThresholdOptions = {}): number[] {
  const strict = opts.strict ?? true;
  return eps.map((e) =>
    slocs.length === 0 ? 0 : slocs.filter((s) => (strict ? s > e : s >= e)).length / slocs.length,
  );
}

/** MIoU: mean localisation score (over the abnormal test videos). Empty input gives 0. */
export function meanIou(slocs: readonly number[]): number {
  return slocs.length === 0 ? 0 : slocs.reduce((a, b) => a + b, 0) / slocs.length;
}
