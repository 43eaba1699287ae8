import { existsSync } from 'node:fs';
import { getStage } from '@wsstad/pipeline';
import { APP } from './app-wiring';

describe('app wiring: the stages and datasets the engine is given', () => {
  it('registers the built-in stages in a frozen registry; an unknown name lists the valid ones', () => {
    expect(Object.isFrozen(APP.registry)).toBe(true);
    const names = ['detect', 'evaluate', 'features', 'import-features', 'infer', 'link', 'train'];
    expect(Object.keys(APP.registry).sort()).toEqual(names);
    expect(() => getStage(APP.registry, 'detetc')).toThrow(`unknown stage 'detetc'; valid: ${names.join(', ')}`);
    expect(Object.isFrozen(APP.datasets)).toBe(true);
    expect(Object.keys(APP.datasets)).toEqual(['synth']);
  });

  it("the process executor's workers import the same registry from APP.registryModule", async () => {
    expect(existsSync(APP.registryModule)).toBe(true);
    const mod = (await import(APP.registryModule)) as { STAGES: typeof APP.registry };
    expect(mod.STAGES).toBe(APP.registry);
  });
});
