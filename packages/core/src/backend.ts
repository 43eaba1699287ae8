import type * as TF from '@tensorflow/tfjs';
import type * as ORT from 'onnxruntime-node';
import { UnavailableError } from './errors';
import type { Logger } from './log';

export type TfBackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export interface TfHandle {
  tf: typeof TF;
  /** The backend tfjs reports after initialisation. */
  backend: string;
  /** Which package provided it. */
  source:
    '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node' | '@tensorflow/tfjs-backend-wasm' | '@tensorflow/tfjs (cpu)';
}

export type TfPreference = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';

let cached: Promise<TfHandle> | undefined;

/**
 * Pick the fastest TensorFlow.js backend that loads: tfjs-node-gpu, tfjs-node (optional
 * dependencies; their install needs a libtensorflow download, so they are often absent), then
 * WASM (SIMD, single-threaded in Node), then the plain CPU backend. Env WSSTAD_TF_BACKEND
 * overrides. The result is memoised per process because tfjs holds one global engine.
 */
export function pickTfBackend(
  pref: TfPreference = (process.env.WSSTAD_TF_BACKEND as TfPreference | undefined) ?? 'auto',
  log?: Logger,
): Promise<TfHandle> {
  cached ??= load(pref).then((h) => {
    log?.info(`tfjs backend: ${h.backend} (${h.source})`);
    return h;
  });
  return cached;
}

async function load(pref: TfPreference): Promise<TfHandle> {
  const order: TfPreference[] = pref === 'auto' ? ['node-gpu', 'node', 'wasm', 'cpu'] : [pref];
  const errors: string[] = [];
  for (const p of order) {
    try {
      if (p === 'node-gpu' || p === 'node') {
        const pkg = p === 'node-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
        const tf = require(pkg) as typeof TF;
        await tf.ready();
        return { tf, backend: tf.getBackend(), source: pkg };
      }
      const tf = require('@tensorflow/tfjs') as typeof TF;
      if (p === 'wasm') {
        require('@tensorflow/tfjs-backend-wasm');
        if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
        await tf.ready();
        return { tf, backend: tf.getBackend(), source: '@tensorflow/tfjs-backend-wasm' };
      }
      await tf.setBackend('cpu');
      await tf.ready();
      return { tf, backend: tf.getBackend(), source: '@tensorflow/tfjs (cpu)' };
    } catch (e) {
      errors.push(`${p}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new UnavailableError(`no TensorFlow.js backend could be loaded (${errors.join('; ')})`, {
    hint: "run 'npm ci' in the repository root; set WSSTAD_TF_BACKEND=auto|node-gpu|node|wasm|cpu",
  });
}

export type OrtDevice = 'auto' | 'cpu' | 'cuda';
export interface OrtHandle {
  session: ORT.InferenceSession;
  ort: typeof ORT;
  provider: 'cuda' | 'cpu';
}

/**
 * Create an onnxruntime-node session: the CUDA execution provider when asked for (or 'auto' and
 * it loads), else CPU. The npm install skips onnxruntime's CUDA download, so CUDA is only present
 * where the user installed it; 'auto' then falls back to CPU and says so.
 */
export async function createOrtSession(
  model: string | Uint8Array,
  opts: { device?: OrtDevice; threads?: number; log?: Logger } = {},
): Promise<OrtHandle> {
  const ort = require('onnxruntime-node') as typeof ORT;
  const device = opts.device ?? (process.env.WSSTAD_ORT_DEVICE as OrtDevice | undefined) ?? 'auto';
  const base: ORT.InferenceSession.SessionOptions = {
    intraOpNumThreads: opts.threads ?? 0,
    graphOptimizationLevel: 'all',
  };
  if (device !== 'cpu') {
    try {
      const session = await create(ort, model, { ...base, executionProviders: ['cuda'] });
      opts.log?.info('onnxruntime: CUDA execution provider');
      return { session, ort, provider: 'cuda' };
    } catch (e) {
      if (device === 'cuda')
        throw new UnavailableError(`onnxruntime CUDA execution provider unavailable: ${(e as Error).message}`, {
          hint:
            'install onnxruntime-node with its CUDA binaries (npm config onnxruntime-node-install=cuda12) ' +
            'on a GPU machine, or use device cpu',
        });
      opts.log?.debug(`onnxruntime: CUDA unavailable (${(e as Error).message.split('\n')[0]}), using CPU`);
    }
  }
  const session = await create(ort, model, { ...base, executionProviders: ['cpu'] });
  return { session, ort, provider: 'cpu' };
}

function create(ort: typeof ORT, model: string | Uint8Array, o: ORT.InferenceSession.SessionOptions) {
  return typeof model === 'string' ? ort.InferenceSession.create(model, o) : ort.InferenceSession.create(model, o);
}
