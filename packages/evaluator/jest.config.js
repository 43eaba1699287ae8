const preset = require('../../jest.preset.js');
// vega-canvas's Node build uses top-level await (to try the optional `canvas` package), which the
// preset's CommonJS transform cannot run; its browser build is equivalent in Node without `canvas`
// (both return null canvases), and SVG rendering never needs a canvas.
module.exports = {
  ...preset,
  displayName: 'evaluator',
  rootDir: __dirname,
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^vega-canvas$': require('node:path').join(
      __dirname,
      '../../node_modules/vega-canvas/build/vega-canvas.browser.js',
    ),
  },
};
