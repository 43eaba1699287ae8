// Entry registered in nx.json "plugins". Nx cannot load a TypeScript plugin on Node 20 without
// @swc-node/register or ts-node (neither is installed); tsx's CommonJS API loads index.ts instead.
const { require: tsxRequire } = require('tsx/cjs/api');
module.exports = tsxRequire('./index.ts', __filename);
