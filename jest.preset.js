// Shared Jest preset: TypeScript through @swc/jest (measured 3x faster than ts-jest here),
// ESM-only dependencies transformed to CommonJS, co-located *.spec.ts files.
const esmOnly = [
  'hyparquet',
  'vega',
  'vega-lite',
  'vega-[a-z-]+',
  'd3-[a-z-]+',
  'delaunator',
  'robust-predicates',
  'internmap',
  'json-stringify-pretty-compact',
];
module.exports = {
  // Node's environment with the main realm's typed arrays shared into the sandbox (onnxruntime-node's
  // native outputs fail onnxruntime-common's instanceof checks otherwise): see jest.env.js.
  testEnvironment: require('node:path').join(__dirname, 'jest.env.js'),
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json', 'node'],
  moduleNameMapper: {
    '^@wsstad/([a-z0-9-]+)$': '<rootDir>/../../packages/$1/src/index.ts',
    // vega-canvas's Node build uses top-level await (not runnable as CommonJS); without the optional
    // `canvas` package both builds behave the same.
    '^vega-canvas$': '<rootDir>/../../node_modules/vega-canvas/build/vega-canvas.browser.js',
  },
  testTimeout: 60000,
};
