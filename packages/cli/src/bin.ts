import { runCli } from './app';
import { processIO } from './io';

runCli(process.argv.slice(2), processIO).then((code) => {
  process.exitCode = code;
});
