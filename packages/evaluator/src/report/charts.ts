/**
 * Charts as inline SVG, rendered headless with vega + vega-lite (no canvas, no network). Both are
 * ESM-only, so they are imported lazily (also keeps them out of code paths that print no report).
 */
async function toSvg(spec: unknown): Promise<string> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export interface Curve {
  name: string;
  fpr: readonly number[];
  tpr: readonly number[];
}

/** ROC curves (one line per curve) with the chance diagonal. */
export function rocChart(curves: readonly Curve[], title: string): Promise<string> {
  const values = curves.flatMap((c) =>
    thin(
      c.fpr.map((x, i) => ({ curve: c.name, fpr: x, tpr: c.tpr[i]! })),
      600,
    ),
  );
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 280,
    height: 280,
    title,
    layer: [
      {
        data: {
          values: [
            { a: 0, b: 0 },
            { a: 1, b: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false-positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true-positive rate', scale: { domain: [0, 1] } },
          color: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'bottom-right' } },
        },
      },
    ],
  });
}

/** Keep at most `max` points (evenly spaced, always the last one) so SVGs stay small. */
function thin<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.floor(i * step)]!);
  out.push(xs[xs.length - 1]!);
  return out;
}

/** Per-frame score over time, the ground-truth interval shaded green, the predicted tube's span shaded red. */
export function scoreTimeline(
  frameScores: ArrayLike<number>,
  opts: { gt: [number, number] | null; pred: [number, number] | null; fps?: number; threshold?: number },
): Promise<string> {
  const n = frameScores.length;
  const unit = opts.fps ? opts.fps : 1;
  const pts = thin(
    Array.from({ length: n }, (_, f) => ({ t: f / unit, score: frameScores[f]! })),
    400,
  );
  const band = (iv: [number, number] | null, what: string) => (iv ? [{ a: iv[0] / unit, b: iv[1] / unit, what }] : []);
  const bands = [...band(opts.gt, 'ground truth'), ...band(opts.pred, 'predicted tube')];
  const layers: unknown[] = [];
  if (bands.length) {
    layers.push({
      data: { values: bands },
      mark: { type: 'rect', opacity: 0.25 },
      encoding: {
        x: { field: 'a', type: 'quantitative' },
        x2: { field: 'b' },
        color: {
          field: 'what',
          type: 'nominal',
          title: null,
          scale: { domain: ['ground truth', 'predicted tube'], range: ['#2ca02c', '#d62728'] },
          legend: { orient: 'top' },
        },
      },
    });
  }
  layers.push({
    data: { values: pts },
    mark: { type: 'line', color: '#1f77b4', interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: opts.fps ? 'time (s)' : 'frame' },
      y: { field: 'score', type: 'quantitative', title: 'anomaly score', scale: { domain: [0, 1] } },
    },
  });
  if (opts.threshold !== undefined)
    layers.push({
      data: { values: [{ y: opts.threshold }] },
      mark: { type: 'rule', strokeDash: [3, 3], color: '#888' },
      encoding: { y: { field: 'y', type: 'quantitative' } },
    });
  return toSvg({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 420, height: 120, layer: layers });
}
