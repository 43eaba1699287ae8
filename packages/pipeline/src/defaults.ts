import { availableParallelism } from 'node:os';

/**
 * Store directory when the pipeline file has no `store:` key, relative to the repository root (or the pipeline dir
 * outside a repo).
 */
export const DEFAULT_STORE_DIR = '.wsstad/store';

/** Name of the lock file written next to pipeline.yaml. */
export const DEFAULT_LOCK_FILE_NAME = 'pipeline.lock.json';

/** Pipeline seed when the file has none. */
export const DEFAULT_SEED = 0;

export const DEFAULT_RUN_OPTIONS = {
  /** Videos processed at once by the local pool (worker count for the process executor). */
  concurrency: availableParallelism(),
  /** 'inline' runs stage functions in this process (async pool); 'process' forks workers (CPU-bound JS stages). */
  executor: 'inline' as 'inline' | 'process',
  /** Run the remaining videos after a failure and report all failures at the end. */
  keepGoing: false,
  /** How long to wait for another run's store lock before failing, in ms (0 = fail at once). */
  lockTimeoutMs: 0,
  /**
   * Hash the bytes of file videos into the key of stages that read them (false: the manifest entry alone identifies the
   * video).
   */
  hashVideoFiles: true,
} as const;

/** How often a waiting run re-checks the store lock, in ms. */
export const DEFAULT_LOCK_POLL_MS = 200;
