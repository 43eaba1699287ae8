module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'tools',
  rootDir: __dirname,
  moduleNameMapper: { '^@wsstad/([a-z0-9-]+)$': '<rootDir>/../packages/$1/src/index.ts' },
};
