import { onnx } from 'onnx-proto';
import { ArtifactError } from '@wsstad/core';
import { readBundle } from '../bundle';
import { branchParamSpecs } from '../branch';
import { normalizeModelConfig } from '../config';
import { IO, assertOrtRelation, buildForwardGraph } from './graphs';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** Names of the exported graph's inputs and outputs (documented in the README for Python/C++ users). */
export const EXPORT_IO = {
  /** [B, n, D] raw (un-normalised) region-level features of the candidates: the tube branch's input. */
  region: 'region',
  /** [B, n, D] raw image-level features of the same candidates (or videolets): the temporal branch's input. */
  image: 'image',
  /** [B, n] 1 for real instances, 0 for padding. */
  mask: 'mask',
  /** [B, n] eq. 9 scores: the mean of both branches (the one branch of a single-branch model). */
  scores: 'scores',
  tubeScores: 'tube_scores',
  temporalScores: 'temporal_scores',
} as const;

const valueInfo = (name: string, dims: Array<number | string>): onnx.IValueInfoProto => ({
  name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});
const tensor = (name: string, dims: number[], data: Float32Array): onnx.ITensorProto =>
  ({ name, dataType: FLOAT, dims, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) });

/**
 * One self-contained ONNX file of a saved model (the train stage's directory): the feature
 * normaliser, both branches with their weights as initialisers, and eq. 9's combination. It is the
 * inference graph the onnxruntime engine runs (buildForwardGraph), instantiated once per branch with
 * every name prefixed, so it scores exactly as the in-process scorer (tested against it). Inputs and
 * outputs: EXPORT_IO. Relations 'attention' and 'none' (the GCN ablation has no ONNX graph).
 */
export function exportModelOnnx(dir: string): Uint8Array {
  const { meta, tensors } = readBundle(dir, 'model');
  const cfg = normalizeModelConfig(meta.config);
  assertOrtRelation(cfg);
  const d = cfg.featureDim;
  const branch = onnx.ModelProto.decode(buildForwardGraph(cfg, false)).graph!;
  const specs = branchParamSpecs(cfg);
  const nodes: onnx.INodeProto[] = [];
  const inits: onnx.ITensorProto[] = [];
  const outputs: onnx.IValueInfoProto[] = [];

  // Normaliser: (x - mean) * invStd per dimension, as applyNormalizer does before the branches.
  let region: string = EXPORT_IO.region, image: string = EXPORT_IO.image;
  const kind = (meta.normalizer as { kind?: string } | undefined)?.kind ?? 'none';
  if (kind === 'standardize') {
    const mean = tensors.get('normalizer/mean'), inv = tensors.get('normalizer/invStd');
    if (!mean || !inv) throw new ArtifactError('standardize normaliser tensors missing', { file: dir, hint: 'retrain or restore the model directory' });
    inits.push(tensor('normalizer/mean', [d], mean.data), tensor('normalizer/invStd', [d], inv.data));
    // Whole-frame statistics for the image-level input when the model has them (fitInputStandardizers).
    const fm = tensors.get('normalizer/frame/mean'), fi = tensors.get('normalizer/frame/invStd');
    if (fm && fi) {
      inits.push(tensor('normalizer/frame/mean', [d], fm.data), tensor('normalizer/frame/invStd', [d], fi.data));
    }
    const norm = (x: string, stats: string) => {
      nodes.push({ opType: 'Sub', name: `${x}/centre`, input: [x, `${stats}/mean`], output: [`${x}/centred`] });
      const scale = { opType: 'Mul', name: `${x}/scale`, input: [`${x}/centred`, `${stats}/invStd`], output: [`${x}/normalised`] };
      nodes.push(scale);
      return `${x}/normalised`;
    };
    region = norm(region, 'normalizer');
    image = norm(image, fm && fi ? 'normalizer/frame' : 'normalizer');
  } else if (kind !== 'none') {
    throw new ArtifactError(`normaliser '${kind}' cannot be exported`, { file: dir });
  }

  const present = cfg.branches === 'dual' ? (['tube', 'temporal'] as const) : ([cfg.branches] as const);
  const scoreOf: Record<string, string> = {};
  for (const b of present) {
    const input = b === 'tube' ? region : image;
    const rename = (n: string) => (n === IO.x ? input : n === IO.mask ? EXPORT_IO.mask : n === '' ? '' : `${b}/${n}`);
    for (const s of specs) {
      const t = tensors.get(`${b}/${s.name}`);
      if (!t || t.shape.join('x') !== s.shape.join('x')) throw new ArtifactError(`tensor ${b}/${s.name} missing or of the wrong shape`, { file: dir, hint: 'retrain or restore the model directory' });
      inits.push(tensor(`${b}/${s.name}`, s.shape, t.data));
    }
    for (const c of branch.initializer ?? []) inits.push({ ...c, name: `${b}/${c.name}` });
    for (const n of branch.node ?? []) nodes.push({ ...n, name: `${b}/${n.name}`, input: (n.input ?? []).map(rename), output: (n.output ?? []).map(rename) });
    scoreOf[b] = `${b}/${IO.scores}`;
  }
  const ident = (from: string, to: string) => nodes.push({ opType: 'Identity', name: `out/${to}`, input: [from], output: [to] });
  if (scoreOf.tube) { ident(scoreOf.tube, EXPORT_IO.tubeScores); outputs.push(valueInfo(EXPORT_IO.tubeScores, ['B', 'n'])); }
  if (scoreOf.temporal) { ident(scoreOf.temporal, EXPORT_IO.temporalScores); outputs.push(valueInfo(EXPORT_IO.temporalScores, ['B', 'n'])); }
  if (scoreOf.tube && scoreOf.temporal) {
    // eq. 9: the average of the two branches (combineBranchScores).
    nodes.push({ opType: 'Add', name: 'eq9/sum', input: [scoreOf.tube, scoreOf.temporal], output: ['eq9/sum'] });
    inits.push(tensor('eq9/half', [], Float32Array.of(0.5)));
    nodes.push({ opType: 'Mul', name: 'eq9/mean', input: ['eq9/sum', 'eq9/half'], output: [EXPORT_IO.scores] });
  } else {
    ident(scoreOf.tube ?? scoreOf.temporal!, EXPORT_IO.scores);
  }
  outputs.unshift(valueInfo(EXPORT_IO.scores, ['B', 'n']));
  const inputs = [valueInfo(EXPORT_IO.region, ['B', 'n', d]), valueInfo(EXPORT_IO.image, ['B', 'n', d]), valueInfo(EXPORT_IO.mask, ['B', 'n'])];
  const model = onnx.ModelProto.create({
    irVersion: 8, producerName: '@wsstad/relationship-module', docString: `wsstad dual-branch scorer (${cfg.relation}, ${cfg.branches}); inputs region/image [B,n,${d}] raw features, mask [B,n]`,
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'wsstad_scorer', node: nodes, initializer: inits, input: inputs, output: outputs },
  });
  return onnx.ModelProto.encode(model).finish();
}
