module.exports = { ...require('../../jest.preset.js'), displayName: 'mgpr-trainer', rootDir: __dirname };
