import { candidateParts, clipIndex, type Tube } from '@wsstad/core';
import { candidateInstances, ladderShapes } from '../diagnose/instances';
import { makeFixtureVideo } from '../testing/fixtures';

const tube = (id: number, score: number, first: number, n: number): Tube =>
  ({
    id,
    kind: 'unary',
    category: 'person',
    score,
    frames: Array.from({ length: n }, (_, i) => first + i),
    boxes: Array.from({ length: n }, () => [0, 0, 10, 10] as [number, number, number, number]),
    scores: Array.from({ length: n }, () => score),
  }) as Tube;

describe('candidateParts', () => {
  it('takes the best maxTubes tubes first; a tube without clips keeps its place and is counted, not scored', () => {
    const tubes = [tube(1, 0.2, 0, 8), tube(2, 0.9, 0, 8), tube(3, 0.5, 4, 8)];
    const clips = new Map<number, number[]>([
      [1, [0]],
      [3, [1]],
    ]); // tube 2 (the best) has no clips
    const r = candidateParts(tubes, clips, { subTubes: 2, maxTubes: 2 });
    expect(r.kept).toBe(2);
    expect(r.missing).toBe(1);
    expect(r.parts.map((p) => [p.tubeId, p.part, p.span])).toEqual([
      [3, 0, [4, 8]],
      [3, 1, [8, 12]],
    ]);
    expect(r.parts[0]!.rows).toEqual([1]);
  });

  it('gives the diagnosis ladder exactly the candidates inference scores', () => {
    const v = makeFixtureVideo('a', true, 1);
    const shape = { subTubes: 4, maxTubes: 2, l2: 'none' as const };
    const parts = candidateParts(v.tubes, clipIndex(v.features), shape).parts;
    const inst = candidateInstances(v.tubes, v.features, shape);
    expect(inst.map((i) => [i.tubeId, i.part, i.frames])).toEqual(parts.map((p) => [p.tubeId, p.part, p.frames]));
    expect(inst).toHaveLength(2 * 4);
  });
});

describe('ladderShapes', () => {
  const train = { subTubes: 2, maxTubes: 32, poolL2: 'after' as const };
  it("scores the training candidates where infer's params are null, and infer's own where set", () => {
    expect(ladderShapes(train, { subTubes: null, maxTubes: null, l2: null })).toEqual({
      trainShape: { subTubes: 2, maxTubes: 32, l2: 'after' },
      inferShape: { subTubes: 2, maxTubes: 32, l2: 'after' },
    });
    expect(ladderShapes(train, { subTubes: 4, maxTubes: 200, l2: 'none' }).inferShape).toEqual({
      subTubes: 4,
      maxTubes: 200,
      l2: 'none',
    });
  });
});
