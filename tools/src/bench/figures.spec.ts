import { BenchOutputError, figuresFromFlat, figuresLine, parseFigures, unitFromKey } from './figures';

describe("parseFigures (the bench scripts' last-line contract)", () => {
  it('reads the figures form from the last non-empty line, ignoring the human-readable output above', () => {
    const stdout = [
      'clip-features 2000 x 1024 float32 (8 MB raw)',
      '| format | write s |',
      JSON.stringify({
        figures: [
          { name: 'Arrow IPC write', value: 37.5, unit: 'MB/s', note: '2000 x 1024' },
          { name: 'torch', value: 'unavailable', unit: '' },
          { name: 'count', value: 3 },
        ],
      }),
      '',
    ].join('\n');
    expect(parseFigures(stdout, 'packages/core/bench/artifact-formats.ts')).toEqual([
      { name: 'Arrow IPC write', value: 37.5, unit: 'MB/s', note: '2000 x 1024' },
      { name: 'torch', value: 'unavailable', unit: '' },
      { name: 'count', value: 3, unit: '' },
    ]);
  });

  it('reads the flat form printed by packages/mgpr-trainer/bench/step.ts, with units from the key names', () => {
    const line = JSON.stringify({
      backend: 'wasm',
      D: 512,
      bags: 60,
      tubeInstances: 200,
      videoletInstances: 32,
      microBatches: 'no',
      tfjsSecondsPerIteration: 32.3,
      countedGFlop: 120.4,
      tfjsGFlops: 3.7,
      memoryMB: 310,
      torch: '2.4.0',
      torchThreads: 2,
      torchSecondsPerIteration: 13.2,
      torchGFlops: 9.1,
      tfjsOverTorch: 2.45,
    });
    const figs = parseFigures(`warming up\n${line}\n`, 'packages/mgpr-trainer/bench/step.ts');
    const unit = Object.fromEntries(figs.map((f) => [f.name, f.unit]));
    expect(figs.map((f) => f.name)).toEqual([
      'backend',
      'D',
      'bags',
      'tubeInstances',
      'videoletInstances',
      'microBatches',
      'tfjsSecondsPerIteration',
      'countedGFlop',
      'tfjsGFlops',
      'memoryMB',
      'torch',
      'torchThreads',
      'torchSecondsPerIteration',
      'torchGFlops',
      'tfjsOverTorch',
    ]);
    expect(unit).toEqual({
      backend: '',
      D: '',
      bags: '',
      tubeInstances: '',
      videoletInstances: '',
      microBatches: '',
      tfjsSecondsPerIteration: 's',
      countedGFlop: 'GFLOP',
      tfjsGFlops: 'GFLOP/s',
      memoryMB: 'MB',
      torch: '',
      torchThreads: '',
      torchSecondsPerIteration: 's',
      torchGFlops: 'GFLOP/s',
      tfjsOverTorch: 'x',
    });
    expect(figs.find((f) => f.name === 'tfjsSecondsPerIteration')!.value).toBe(32.3);
    expect(figs.find((f) => f.name === 'backend')!.value).toBe('wasm');
  });

  it('flattens nested objects to dotted names and skips arrays, nulls and non-finite numbers', () => {
    expect(figuresFromFlat({ a: { firstRunMs: 3, ok: true }, list: [1, 2], n: null, bad: Infinity })).toEqual([
      { name: 'a.firstRunMs', value: 3, unit: 'ms' },
      { name: 'a.ok', value: 'true', unit: '' },
    ]);
  });

  it('infers units only where the key says one (no false hits on words ending in ms/us/mb)', () => {
    expect(['items', 'status', 'thumb', 'frames', 'bags', 'videos'].map(unitFromKey)).toEqual(['', '', '', '', '', '']);
    expect(
      ['rerun_ms', 'latencyMsPerFrame', 'perVideoUs', 'readMBs', 'fileMB', 'decodeFps', 'wall_s', 'speedup'].map(
        unitFromKey,
      ),
    ).toEqual(['ms', 'ms', 'us', 'MB/s', 'MB', 'frames/s', 's', 'x']);
  });

  it('round-trips figuresLine', () => {
    const f = [{ name: 'x', value: 1.5, unit: 's' }];
    expect(parseFigures(`hello\n${figuresLine(f)}`, 's.ts')).toEqual(f);
  });

  it.each([
    ['a garbage last line', 'result: 12 frames/s\nall done', /last stdout line is not JSON: 'all done'/],
    ['empty output', '\n\n', /printed nothing on stdout/],
    ['a JSON array', '[1,2]', /JSON but not an object \(array\)/],
    ['a JSON number', '42', /JSON but not an object \(42\)/],
    ['figures not an array', '{"figures":{"a":1}}', /'figures' is not an array/],
    ['a figure without a name', '{"figures":[{"value":1,"unit":"s"}]}', /figures\[0\] has no string 'name'/],
    [
      'a figure with a non-finite/absent value',
      '{"figures":[{"name":"x","unit":"s"}]}',
      /figures\[0\] \('x'\) has no finite number or string 'value'/,
    ],
    ['a figure with a numeric unit', '{"figures":[{"name":"x","value":1,"unit":5}]}', /non-string 'unit'/],
    ['a flat object with nothing usable', '{"a":[1],"b":null}', /without any number or string value/],
  ])('rejects %s with an error naming the script', (_what, stdout, message) => {
    let err: unknown;
    try {
      parseFigures(stdout, 'packages/video/bench/render-decode.ts');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BenchOutputError);
    expect((err as BenchOutputError).script).toBe('packages/video/bench/render-decode.ts');
    expect((err as Error).message).toMatch(/^packages\/video\/bench\/render-decode\.ts: /);
    expect((err as Error).message).toMatch(message);
  });

  it('truncates a very long garbage line in the message', () => {
    expect(() => parseFigures('x'.repeat(500), 'a.ts')).toThrow(/'x{117}\.\.\.'/);
  });
});
