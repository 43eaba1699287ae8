module.exports = { ...require('../../jest.preset.js'), displayName: 'detector', rootDir: __dirname, testEnvironment: require('node:path').join(__dirname, 'jest.env.js') };
