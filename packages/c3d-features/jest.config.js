module.exports = { ...require('../../jest.preset.js'), displayName: 'c3d-features', rootDir: __dirname };
