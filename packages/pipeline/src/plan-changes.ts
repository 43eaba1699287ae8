import type { CodeVersion, PipelineLock, PlannedStage } from './types';

export interface ParamChange {
  path: string;
  old: unknown;
  new: unknown;
}

/** What changed in a stage since the run the lock file records. */
export interface StageChanges {
  /** No lock entry: the stage never finished a run here. */
  neverRun: boolean;
  params: ParamChange[];
  code: { changed: string[]; added: string[]; removed: string[] };
  /** `old -> new` when the stage now uses another implementation. */
  implementation?: string;
}

/** Params (old -> new, by key path), code files and implementation against the lock file's entry. */
export function stageChanges(s: PlannedStage, cv: CodeVersion, lock: PipelineLock | undefined): StageChanges {
  const prev = lock?.stages[s.name];
  const out: StageChanges = { neverRun: !prev, params: [], code: { changed: [], added: [], removed: [] } };
  if (!prev) return out;
  out.params = diffParams(prev.params, s.params ?? null);
  for (const [f, h] of Object.entries(cv.files)) {
    if (!(f in prev.codeFiles)) out.code.added.push(f);
    else if (prev.codeFiles[f] !== h) out.code.changed.push(f);
  }
  for (const f of Object.keys(prev.codeFiles)) if (!(f in cv.files)) out.code.removed.push(f);
  if (prev.uses !== s.uses) out.implementation = `${prev.uses} -> ${s.uses}`;
  return out;
}

function diffParams(a: unknown, b: unknown, path = ''): ParamChange[] {
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffParams(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path: path || '(params)', old: a, new: b }];
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
