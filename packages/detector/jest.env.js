// onnxruntime-node creates output tensors from the main realm's typed arrays, but onnxruntime-common
// (loaded inside Jest's sandbox) checks them with the sandbox's `instanceof Float32Array`, which
// fails across realms. Exposing the main realm's typed-array constructors in the sandbox fixes it.
const { TestEnvironment } = require('jest-environment-node');

class SharedTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const T of [Float32Array, Float64Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array, ArrayBuffer]) {
      this.global[T.name] = T;
    }
  }
}
module.exports = SharedTypedArraysEnvironment;
