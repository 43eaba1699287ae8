module.exports = { ...require('../../jest.preset.js'), displayName: 'tube-linker', rootDir: __dirname };
