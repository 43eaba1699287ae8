// onnxruntime-node's native binding creates output tensors with the main realm's typed arrays, and
// onnxruntime-common (loaded inside Jest's sandbox) checks them with `instanceof` against the
// sandbox's own: share the main realm's typed array constructors with the sandbox.
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
  'ArrayBuffer',
];

class SharedTypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArrayEnvironment;
