import { runPipeline } from '../src/runner';
import { stages } from '../src/__fixtures__/toy-stages';
import { toyWorkspace } from '../src/__fixtures__/workspace';
(async () => {
  const ws = toyWorkspace(4);
  for (let i = 0; i < 4; i++) { const t = Date.now(); await runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion }); const r = await runPipeline(ws.pipelineFile, { registry: stages, codeVersion: ws.codeVersion }); console.log(Date.now() - t, r.stages.map((s) => s.ms)); }
})();
