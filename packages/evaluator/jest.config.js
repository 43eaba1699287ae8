module.exports = { ...require('../../jest.preset.js'), displayName: 'evaluator', rootDir: __dirname };
