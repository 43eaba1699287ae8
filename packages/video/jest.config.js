module.exports = { ...require('../../jest.preset.js'), displayName: 'video', rootDir: __dirname };
