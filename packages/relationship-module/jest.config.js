module.exports = { ...require('../../jest.preset.js'), displayName: 'relationship-module', rootDir: __dirname };
