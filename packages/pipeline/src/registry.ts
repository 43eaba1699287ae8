import { ConfigError, lookup, type StageDefinition } from '@wsstad/core';
import type { StageRegistry } from './types';

const NAME_RE = /^[a-z][a-z0-9-]*$/;

/** Build a frozen registry from stage definitions; names must be unique and well-formed. */
export function createStageRegistry(defs: ReadonlyArray<StageDefinition<unknown>>): StageRegistry {
  const out: Record<string, StageDefinition<unknown>> = {};
  for (const d of defs) {
    if (!NAME_RE.test(d.name))
      throw new ConfigError(`stage name '${d.name}' is invalid; allowed: ${NAME_RE}`, {
        hint: "use lower-case words joined by '-', e.g. 'tube-link'",
      });
    if (d.scope !== 'video' && d.scope !== 'dataset')
      throw new ConfigError(
        `stage '${(d as { name: string }).name}' has scope ` +
          `'${String((d as { scope: unknown }).scope)}'; allowed: video, dataset`,
      );
    if (out[d.name])
      throw new ConfigError(
        `stage '${d.name}' is registered twice (packages ${out[d.name]!.package} and ${d.package})`,
        { hint: 'give one of them another name' },
      );
    out[d.name] = d;
  }
  return Object.freeze(out);
}

/** A new frozen registry with `defs` added to `base` (duplicates are an error, never a silent override). */
export function registerStages(base: StageRegistry, defs: ReadonlyArray<StageDefinition<unknown>>): StageRegistry {
  return createStageRegistry([...Object.values(base), ...defs]);
}

/** The stage registered under `name`; unknown names list the valid ones. */
export function getStage(registry: StageRegistry, name: string): StageDefinition<unknown> {
  return lookup(registry, name, 'stage');
}
