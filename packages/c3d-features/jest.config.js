module.exports = { ...require('../../jest.preset.js'), displayName: 'c3d-features', rootDir: __dirname, testEnvironment: '<rootDir>/jest.env.js' };
