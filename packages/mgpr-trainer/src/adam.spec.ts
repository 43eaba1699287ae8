import { createModel, normalizeModelConfig } from '@wsstad/relationship-module';
import { Adam } from './adam';

describe('Adam', () => {
  it('takes one learning rate per variable: a scalar lr and the same lr per variable agree; lr 0 freezes', async () => {
    const m = await createModel(normalizeModelConfig({ featureDim: 4, heads: 2, hidden: [3, 2] }), 1);
    const { tf } = m;
    const vars = m.branches.tube.variables;
    const grads = vars.map((v) => tf.onesLike(v));
    const before = vars.map((v) => Array.from(v.dataSync()));
    const snapshot = () => vars.map((v) => Array.from(v.dataSync()));
    const restore = () => vars.forEach((v, i) => v.assign(tf.tensor(before[i]!, v.shape)));

    const step = (lr: number | number[]) => {
      const a = new Adam(tf, vars, { lr });
      a.step(grads);
      a.dispose();
    };
    step(0.01);
    const scalar = snapshot();
    restore();
    step(vars.map(() => 0.01));
    expect(snapshot()).toEqual(scalar);
    restore();
    // Only the first variable (attn/wq) frozen: it keeps its values, every other one moves by lr (Adam's first step).
    step(vars.map((_, i) => (i === 0 ? 0 : 0.01)));
    const got = snapshot();
    expect(got[0]).toEqual(before[0]);
    got
      .slice(1)
      .forEach((w, i) => w.forEach((x, j) => expect(Math.abs(x - before[i + 1]![j]! + 0.01)).toBeLessThan(1e-6)));
    expect(() => new Adam(tf, vars, { lr: [0.01] })).toThrow(/1 learning rates for 9 variables/);
    tf.dispose(grads);
    m.dispose();
  });
});
