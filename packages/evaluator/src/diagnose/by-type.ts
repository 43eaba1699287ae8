import type { BootstrapOptions, Interval } from '../metrics/bootstrap';
import type { RowVideoData } from '../evaluate/intervals';
import { perTypeRows, videoType, type PerTypeRow } from '../evaluate/per-type';
import type { EvalVideo } from '../evaluate/types';
import type { RecallCounts } from './recall';

/**
 * The ladder split by anomaly type (and by kind of normal video): which events the front end loses
 * (recall, the oracle) and which the training loses (ceiling, MIL, the method). The split reads the
 * test ground truth's event type, as every rung's measurement already reads the test ground truth;
 * no scorer sees it.
 */
export interface LadderTypeRow {
  type: string;
  kind: PerTypeRow['kind'];
  videos: number;
  /** Anomaly types: detector recall of the event boxes at each IoU threshold (pooled over the type's boxes). */
  recall: Record<string, number | null>;
  /** Per rung name: VAUC (type vs all normal videos, or all abnormal vs this kind), MIoU, FAR. */
  rungs: Record<string, { vauc: Interval | null; miou: Interval | null; far: Interval | null }>;
}

/** Recall counts of one abnormal test video, keyed by its id. */
export type RecallByVideo = ReadonlyMap<string, RecallCounts>;

export function ladderByType(
  test: readonly EvalVideo[],
  rungs: ReadonlyArray<{ name: string; data: RowVideoData }>,
  recall: RecallByVideo,
  thresholds: readonly number[],
  bo: BootstrapOptions,
): LadderTypeRow[] {
  const byRung = rungs.map((r) => ({ ...r, rows: perTypeRows(test, r.data, bo) }));
  const out: LadderTypeRow[] = [];
  for (const [i, base] of (byRung[0]?.rows ?? []).entries()) {
    const members = test.filter((v) => (v.abnormal ? 'anomaly' : 'normal') === base.kind && videoType(v) === base.type);
    const counts = members.flatMap((v) => recall.get(v.id) ?? []);
    const boxes = counts.reduce((s, c) => s + c.boxes, 0);
    const rec = Object.fromEntries(
      thresholds.map((t) => [
        String(t),
        base.kind === 'anomaly' && boxes > 0 ? counts.reduce((s, c) => s + (c.hits[String(t)] ?? 0), 0) / boxes : null,
      ]),
    );
    out.push({
      type: base.type,
      kind: base.kind,
      videos: base.videos,
      recall: rec,
      rungs: Object.fromEntries(
        byRung.map((r) => {
          const row = r.rows[i]!;
          const videoLevel = !r.data.localisationOnly;
          return [r.name, { vauc: videoLevel ? row.vauc : null, miou: row.miou, far: videoLevel ? row.far : null }];
        }),
      ),
    });
  }
  return out;
}
