import { createStageRegistry } from '@wsstad/pipeline';
import type { StageDefinition } from '@wsstad/core';

/** Toy registry the Nx-plugin test loads through the plugin's `registryModule` option. */
const toy = (name: string, pkg: string, inputs: string[], outputs: string[], scope: 'video' | 'dataset' = 'video') =>
  ({
    name,
    package: pkg,
    version: '1',
    scope,
    inputs,
    outputs,
    doc: name,
    normalizeParams: (r: unknown) => ({ k: 1, ...(r as object) }),
    run: async () => undefined,
  }) as unknown as StageDefinition<unknown>;

export const stages = createStageRegistry([
  toy('t-a', '@wsstad/core', [], ['a']),
  toy('t-b', '@wsstad/pipeline', ['a'], ['b']),
  toy('t-c', '@wsstad/core', ['b'], ['c'], 'dataset'),
  toy('t-d', '@wsstad/core', ['a'], ['d']),
]);
