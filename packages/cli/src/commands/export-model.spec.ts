import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel, normalizeModelConfig, saveModel } from '@wsstad/relationship-module';
import { runCommandModule } from '../testing';
import { exportModelCommand } from './export-model';

describe('wsstad export-model --onnx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wsstad-cli-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one ONNX file onnxruntime loads, with the documented inputs and outputs', async () => {
    const m = await createModel(normalizeModelConfig({ featureDim: 8, heads: 2, hidden: [4, 2] }), 0);
    await saveModel(m, join(dir, 'model'));
    m.dispose();
    const io = await runCommandModule(exportModelCommand as never, [
      'export-model',
      join(dir, 'model'),
      '--onnx',
      join(dir, 'scorer.onnx'),
      '--json',
    ]);
    expect(existsSync(join(dir, 'scorer.onnx'))).toBe(true);
    expect(JSON.parse(io.stdout[0]!).io.scores).toBe('scores');
    const ort = await import('onnxruntime-node');
    const s = await ort.InferenceSession.create(join(dir, 'scorer.onnx'));
    expect([...s.inputNames].sort()).toEqual(['image', 'mask', 'region']);
    expect([...s.outputNames].sort()).toEqual(['scores', 'temporal_scores', 'tube_scores']);
  }, 60_000);

  it('names the folder when it is not a model', async () => {
    await expect(
      runCommandModule(exportModelCommand as never, ['export-model', dir, '--onnx', join(dir, 'x.onnx')]),
    ).rejects.toThrow(/model\.json/);
  });
});
