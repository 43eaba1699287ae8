/** Milliseconds per phase, accumulated across calls (bench/step.ts prints an iteration's split). */
export type StepProfile = Record<string, number>;

/** Run `fn`, adding its wall time to `profile[name]` when profiling. */
export function lap<T>(profile: StepProfile | undefined, name: string, fn: () => T): T {
  if (!profile) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    profile[name] = (profile[name] ?? 0) + performance.now() - t0;
  }
}
