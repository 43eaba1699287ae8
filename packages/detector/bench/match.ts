import { iou, type Box, type Detection } from '@wsstad/core';
import type { GroundTruth } from '@wsstad/video';

/** Counts for detection quality against GroundTruth.objects (class-agnostic matching). */
export interface QualityCounts {
  /** GT objects per category: [matched, total]. */
  recall: Record<string, [number, number]>;
  /** Detections per predicted category: [matched, total]. */
  precision: Record<string, [number, number]>;
  /** Matched pairs whose predicted category equals the GT category. */
  categoryAgree: [number, number];
  /** Frames of involved objects inside the event: [found, total]. */
  involved: [number, number];
  /** The same at a looser IoU (boxes that still overlap the object well enough for a tube). */
  involvedLoose: [number, number];
  /** Event frames where every involved object is matched alone OR a box matches their union (the event box). */
  eventRegion: [number, number];
}

export function emptyCounts(): QualityCounts {
  return {
    recall: {},
    precision: {},
    categoryAgree: [0, 0],
    involved: [0, 0],
    involvedLoose: [0, 0],
    eventRegion: [0, 0],
  };
}

const bump = (m: Record<string, [number, number]>, k: string, hit: boolean) => {
  const e = (m[k] ??= [0, 0]);
  e[1]++;
  if (hit) e[0]++;
};

/**
 * Greedy one-to-one matching per frame (detections by descending score take the free GT object of
 * highest IoU >= iouThr), over the frames in `frames` (the frames the detector ran on).
 */
export function accumulate(
  c: QualityCounts,
  gt: GroundTruth,
  dets: readonly Detection[],
  frames: Iterable<number>,
  iouThr: number,
  looseIou: number,
): void {
  const gtBy = new Map<number, NonNullable<GroundTruth['objects']>>();
  for (const o of gt.objects ?? []) (gtBy.get(o.frame) ?? gtBy.set(o.frame, []).get(o.frame)!).push(o);
  const detBy = new Map<number, Detection[]>();
  for (const d of dets) (detBy.get(d.frame) ?? detBy.set(d.frame, []).get(d.frame)!).push(d);
  const ev = gt.event;
  const evBox = new Map<number, Box>((ev?.frames ?? []).map((f, i) => [f, ev!.boxes[i]!]));
  for (const f of frames) {
    const objs = gtBy.get(f) ?? [];
    const ds = [...(detBy.get(f) ?? [])].sort((a, b) => b.score - a.score);
    const taken = new Set<number>();
    for (const d of ds) {
      let best = -1,
        bestIou = iouThr;
      objs.forEach((o, i) => {
        const v = iou(d.box, o.box as Box);
        if (!taken.has(i) && v >= bestIou) {
          best = i;
          bestIou = v;
        }
      });
      bump(c.precision, d.category, best >= 0);
      if (best >= 0) {
        taken.add(best);
        c.categoryAgree[1]++;
        if (objs[best]!.category === d.category) c.categoryAgree[0]++;
      }
    }
    const eb = evBox.get(f);
    if (eb && ev && f >= ev.startFrame && f < ev.endFrame) {
      const each = objs.every((o, i) => !o.involved || taken.has(i));
      const union = ds.some((d) => iou(d.box, eb) >= iouThr);
      c.eventRegion[1]++;
      if (each || union) c.eventRegion[0]++;
    }
    objs.forEach((o, i) => {
      bump(c.recall, o.category, taken.has(i));
      if (o.involved && ev && f >= ev.startFrame && f < ev.endFrame) {
        c.involved[1]++;
        if (taken.has(i)) c.involved[0]++;
        c.involvedLoose[1]++;
        if (ds.some((d) => iou(d.box, o.box as Box) >= looseIou)) c.involvedLoose[0]++;
      }
    });
  }
}

const pct = ([a, b]: [number, number]) => (b ? `${((100 * a) / b).toFixed(1)}% (${a}/${b})` : 'n/a');
const sum = (m: Record<string, [number, number]>): [number, number] =>
  Object.values(m).reduce<[number, number]>((s, [a, b]) => [s[0] + a, s[1] + b], [0, 0]);

export function formatCounts(c: QualityCounts, looseIou: number): string[] {
  return [
    `recall overall: ${pct(sum(c.recall))}`,
    ...Object.keys(c.recall)
      .sort()
      .map((k) => `  recall ${k}: ${pct(c.recall[k]!)}`),
    `precision overall: ${pct(sum(c.precision))}`,
    ...Object.keys(c.precision)
      .sort()
      .map((k) => `  precision (predicted ${k}): ${pct(c.precision[k]!)}`),
    `category agrees with GT on matched boxes: ${pct(c.categoryAgree)}`,
    `anomaly objects found (IoU >= 0.5) in ${pct(c.involved)} of their event frames`,
    `event frames where the anomaly region is found (each involved object at IoU >= 0.5, or one box at ` +
      `IoU >= 0.5 with their union): ${pct(c.eventRegion)}`,
    `anomaly objects overlapped (IoU >= ${looseIou}) in ${pct(c.involvedLoose)} of their event frames`,
  ];
}
